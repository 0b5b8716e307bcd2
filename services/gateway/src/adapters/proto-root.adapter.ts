import path from 'node:path';
import protobuf from 'protobufjs';
import { protoFiles, protoRoot } from '@demand/contracts';

/** The platform's protos as a protobufjs reflection tree (google/protobuf types come bundled). */
export function loadProtoRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : path.join(protoRoot, target));
  root.loadSync(protoFiles(), { keepCase: false, alternateCommentMode: true });
  root.resolveAll();
  return root;
}
