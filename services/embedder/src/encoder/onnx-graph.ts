import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const { AttributeType } = onnx.AttributeProto;
const { DataType } = onnx.TensorProto;

export type AttributeValue = { int: number } | { ints: number[] } | { float: number } | { text: string };
export type DimensionName = string | number;

export interface GraphValue {
  name: string;
  elementType: 'float' | 'int64';
  shape: DimensionName[];
}

/** Builds an ONNX graph node by node; names intermediate values itself. Pure: produces bytes. */
export class OnnxGraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private counter = 0;

  /** A float weight; `data` is row-major with the given dims. */
  floatTensor(name: string, dims: number[], data: Float32Array): string {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push(
      onnx.TensorProto.create({ name, dims, dataType: DataType.FLOAT, rawData: Uint8Array.from(bytes) }),
    );
    return name;
  }

  floatScalar(value: number): string {
    const name = this.fresh('scalar');
    this.initializers.push(onnx.TensorProto.create({ name, dims: [], dataType: DataType.FLOAT, floatData: [value] }));
    return name;
  }

  int64Vector(values: number[]): string {
    const name = this.fresh('ints');
    this.initializers.push(
      onnx.TensorProto.create({ name, dims: [values.length], dataType: DataType.INT64, int64Data: values }),
    );
    return name;
  }

  /** Adds a node and returns the name of its (first) output. */
  node(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, outputName?: string): string {
    const output = outputName ?? this.fresh(opType.toLowerCase());
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: this.fresh(`${opType}_node`),
        input: inputs,
        output: [output],
        attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
      }),
    );
    return output;
  }

  toModelBytes(options: {
    inputs: GraphValue[];
    outputs: GraphValue[];
    opset: number;
    name: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: options.name,
      node: this.nodes,
      initializer: this.initializers,
      input: options.inputs.map(valueInfo),
      output: options.outputs.map(valueInfo),
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: options.opset }],
      producerName: 'demand-embedder',
      graph,
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }
}

function attribute(name: string, value: AttributeValue): InstanceType<typeof onnx.AttributeProto> {
  if ('int' in value) return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value.int });
  if ('ints' in value) return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: value.ints });
  if ('float' in value) return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value.float });
  return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value.text) });
}

function valueInfo(value: GraphValue): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name: value.name,
    type: {
      tensorType: {
        elemType: value.elementType === 'float' ? DataType.FLOAT : DataType.INT64,
        shape: { dim: value.shape.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  });
}
