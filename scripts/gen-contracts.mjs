// Generates TypeScript from proto/ with ts-proto into libs/contracts/src/gen (build output,
// never committed or edited) and copies the .proto files beside it for gRPC reflection.
// Output: messages with ts-proto's codecs, grpc-js service definitions (the servers and
// clients use them, so ts-proto's codecs stay on the wire) and, from nestJs=true, the
// controller interfaces and @GrpcMethod decorators that the services' Nest controllers use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const protoRoot = path.join(root, 'proto');
const outDir = path.join(root, 'libs/contracts/src/gen');
const protoCopy = path.join(root, 'libs/contracts/proto');
const plugin = path.join(root, 'node_modules/.bin/protoc-gen-ts_proto');

const protoFiles = fs
  .readdirSync(path.join(protoRoot, 'demand/v1'))
  .filter((f) => f.endsWith('.proto'))
  .map((f) => `demand/v1/${f}`);

const options = [
  'outputServices=grpc-js',
  'nestJs=true',
  'addGrpcMetadata=true',
  // nestJs=true turns these off; the CLI, tests and benches use them.
  'outputJsonMethods=true',
  'outputPartialMethods=true',
  'esModuleInterop=true',
  'importSuffix=.js',
  'forceLong=number',
  'useDate=true',
  'oneof=unions',
  'env=node',
  'useOptionals=messages',
  'exportCommonSymbols=false',
];

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
execFileSync(
  'protoc',
  [
    `--plugin=protoc-gen-ts_proto=${plugin}`,
    `--ts_proto_out=${outDir}`,
    `--ts_proto_opt=${options.join(',')}`,
    `-I${protoRoot}`,
    ...protoFiles,
  ],
  { stdio: 'inherit', cwd: root },
);

// With useDate=true and nestJs=true, ts-proto patches protobufjs's Timestamp wrappers so that
// @grpc/proto-loader would turn Timestamps into Dates. Nothing here serves through proto-loader
// (the servers take ts-proto's own service definitions), and the named import of CommonJS
// protobufjs fails under Node's ESM loader: drop the import and the patch.
const wrappersImport = 'import { wrappers } from "protobufjs";\n';
const wrappersPatch = /^wrappers\[".google.protobuf.Timestamp"\] = \{\n[\s\S]*?^\} as any;\n/m;
for (const file of fs.readdirSync(path.join(outDir, 'demand/v1'))) {
  const target = path.join(outDir, 'demand/v1', file);
  const source = fs.readFileSync(target, 'utf8');
  if (!source.includes(wrappersImport)) continue;
  const stripped = source.replace(wrappersImport, '').replace(wrappersPatch, '');
  if (stripped.includes('wrappers'))
    throw new Error(`contracts: cannot strip the protobufjs wrappers patch from ${file}`);
  fs.writeFileSync(target, stripped);
}

fs.rmSync(protoCopy, { recursive: true, force: true });
fs.cpSync(protoRoot, protoCopy, { recursive: true });
console.log(`contracts: generated ${protoFiles.length} proto files into ${path.relative(root, outDir)}`);
