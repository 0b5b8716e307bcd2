// Generates TypeScript from proto/ with ts-proto into libs/contracts/src/gen (build output,
// never committed or edited) and copies the .proto files beside it for gRPC reflection.
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

fs.rmSync(protoCopy, { recursive: true, force: true });
fs.cpSync(protoRoot, protoCopy, { recursive: true });
console.log(`contracts: generated ${protoFiles.length} proto files into ${path.relative(root, outDir)}`);
