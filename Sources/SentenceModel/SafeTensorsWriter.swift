import Foundation

/// Writes `.safetensors` files: an 8-byte little-endian header length, the JSON header
/// (padded with spaces to a multiple of 8, as the format's own writer does), the data.
enum SafeTensorsWriter {
    /// Tensors stored as float16 (rounded to nearest), in the order given.
    static func float16File(
        _ tensors: [(name: String, values: UnsafeBufferPointer<Float>, shape: [Int])],
        metadata: [String: String]
    ) -> Data {
        var header: [String: Any] = ["__metadata__": metadata]
        var data = Data()
        for tensor in tensors {
            precondition(tensor.shape.reduce(1, *) == tensor.values.count, "\(tensor.name): shape and values disagree")
            let start = data.count
            data.reserveCapacity(start + 2 * tensor.values.count)
            for value in tensor.values {
                let bits = Float16(value).bitPattern.littleEndian
                data.append(UInt8(truncatingIfNeeded: bits))
                data.append(UInt8(truncatingIfNeeded: bits >> 8))
            }
            header[tensor.name] =
                ["dtype": "F16", "shape": tensor.shape, "data_offsets": [start, data.count]] as [String: Any]
        }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(data)
        return file
    }
}
