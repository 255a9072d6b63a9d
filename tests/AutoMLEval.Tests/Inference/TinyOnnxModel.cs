using System.Globalization;
using System.Text;

namespace AutoMLEval.Tests.Inference;

/// <summary>
/// Writes tiny ONNX models (opset 13) as protobuf bytes, field by field as onnx.proto numbers them, so that a test can
/// give the classifier an output of any shape without a model exporter: one float32 input 'image', a chain of nodes
/// each reading the one before, and one output 'y' of the declared type and shape.
/// </summary>
internal static class TinyOnnxModel
{
    /// <summary>onnx.proto's TensorProto.DataType of float32.</summary>
    public const int Float = 1;

    /// <summary>onnx.proto's TensorProto.DataType of int64.</summary>
    public const int Int64 = 7;

    /// <summary>
    /// Writes the model to <paramref name="path"/>. A dimension is a number, or a name for a dynamic one ("N");
    /// <paramref name="outputShape"/> null declares the output without a shape.
    /// </summary>
    public static void Write(string path, string[] inputShape, int outputType, string[]? outputShape, params Node[] nodes)
    {
        var graph = new MemoryStream();
        for (int i = 0; i < nodes.Length; i++)
        {
            var input = i == 0 ? "image" : "t" + (i - 1).ToString(CultureInfo.InvariantCulture);
            var output = i == nodes.Length - 1 ? "y" : "t" + i.ToString(CultureInfo.InvariantCulture);
            Bytes(graph, 1, nodes[i].ToProto(input, output, "n" + i.ToString(CultureInfo.InvariantCulture)));
        }
        Text(graph, 2, "tiny");
        Bytes(graph, 11, ValueInfo("image", Float, inputShape));
        Bytes(graph, 12, ValueInfo("y", outputType, outputShape));
        var model = new MemoryStream();
        Integer(model, 1, 8);
        Text(model, 2, "AutoMLEval.Tests");
        Bytes(model, 7, graph.ToArray());
        var opset = new MemoryStream();
        Text(opset, 1, string.Empty);
        Integer(opset, 2, 13);
        Bytes(model, 8, opset.ToArray());
        File.WriteAllBytes(path, model.ToArray());
    }

    private static byte[] ValueInfo(string name, int elementType, string[]? shape)
    {
        var tensor = new MemoryStream();
        Integer(tensor, 1, elementType);
        if (shape is not null)
        {
            var dims = new MemoryStream();
            foreach (var dim in shape)
            {
                var d = new MemoryStream();
                if (long.TryParse(dim, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)) Integer(d, 1, size);
                else Text(d, 2, dim);
                Bytes(dims, 1, d.ToArray());
            }
            Bytes(tensor, 2, dims.ToArray());
        }
        var type = new MemoryStream();
        Bytes(type, 1, tensor.ToArray());
        var info = new MemoryStream();
        Text(info, 1, name);
        Bytes(info, 2, type.ToArray());
        return info.ToArray();
    }

    private static void Varint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    private static void Integer(Stream stream, int field, long value)
    {
        Varint(stream, (ulong)(field << 3));
        Varint(stream, unchecked((ulong)value));
    }

    private static void Bytes(Stream stream, int field, byte[] value)
    {
        Varint(stream, (ulong)((field << 3) | 2));
        Varint(stream, (ulong)value.Length);
        stream.Write(value, 0, value.Length);
    }

    private static void Text(Stream stream, int field, string value) => Bytes(stream, field, Encoding.UTF8.GetBytes(value));

    /// <summary>One operator of the chain, with integer attributes (onnx.proto's AttributeProto INT) and integer lists (INTS).</summary>
    internal sealed record Node(string Operator, (string Name, long Value)[] Integers, (string Name, long[] Values)[] Lists)
    {
        public static Node Identity() => new("Identity", [], []);

        public static Node ReduceMean(long[] axes, bool keepDimensions) => new("ReduceMean", [("keepdims", keepDimensions ? 1 : 0)], [("axes", axes)]);

        public static Node Flatten() => new("Flatten", [("axis", 1)], []);

        public static Node Cast(int to) => new("Cast", [("to", to)], []);

        public byte[] ToProto(string input, string output, string name)
        {
            var node = new MemoryStream();
            Text(node, 1, input);
            Text(node, 2, output);
            Text(node, 3, name);
            Text(node, 4, Operator);
            foreach (var (attribute, value) in Integers)
            {
                var a = new MemoryStream();
                Text(a, 1, attribute);
                Integer(a, 3, value);
                Integer(a, 20, 2);
                Bytes(node, 5, a.ToArray());
            }
            foreach (var (attribute, values) in Lists)
            {
                var a = new MemoryStream();
                Text(a, 1, attribute);
                foreach (var value in values) Integer(a, 8, value);
                Integer(a, 20, 7);
                Bytes(node, 5, a.ToArray());
            }
            return node.ToArray();
        }
    }
}
