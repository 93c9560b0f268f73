import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `.safetensors` file mapped into memory, read only: an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range, then the data.
///
/// The mapping is shared by every thread and every encoder made from it, so the weights
/// are in memory once. float32 tensors are used in place when 4-byte aligned (as the
/// format's writers align them) and copied once otherwise.
public final class SafeTensorsFile: @unchecked Sendable {
    public struct Tensor: Sendable {
        public let dtype: String
        public let shape: [Int]
        /// Byte range within the data section.
        let range: Range<Int>
    }

    public let path: String
    public let tensors: [String: Tensor]
    /// The header's `__metadata__` strings.
    public let metadata: [String: String]
    private let base: UnsafeMutableRawPointer
    private let size: Int
    private let dataStart: Int
    /// Copies of float32 tensors that were not 4-byte aligned in the file.
    private var copies: [UnsafeMutableBufferPointer<Float>] = []
    private let copiesLock = NSLock()

    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { throw SentenceModelError.missingFile(path: path) }
            throw SentenceModelError.corruptFile(
                path: path, reason: "cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw SentenceModelError.corruptFile(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size >= 8 else { throw SentenceModelError.corruptFile(path: path, reason: "only \(size) bytes long") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw SentenceModelError.corruptFile(
                path: path, reason: "cannot be mapped: \(String(cString: strerror(errno)))")
        }
        var parsed: (tensors: [String: Tensor], dataStart: Int, metadata: [String: String])
        do {
            parsed = try Self.parseHeader(UnsafeRawBufferPointer(start: mapped, count: size), path: path)
        } catch {
            munmap(mapped, size)
            throw error
        }
        self.base = mapped
        self.size = size
        self.tensors = parsed.tensors
        self.dataStart = parsed.dataStart
        self.metadata = parsed.metadata
    }

    deinit {
        munmap(base, size)
        for copy in copies { copy.deallocate() }
    }

    /// The bytes of the file's header and data, for tests and checks.
    public var byteCount: Int { size }

    /// A float32 tensor's values, checked against the shape the caller expects.
    public func floats(_ name: String, shape expected: [Int]) throws -> UnsafeBufferPointer<Float> {
        guard let tensor = tensors[name] else {
            throw SentenceModelError.unsupported(path: path, reason: "it has no tensor \(name)")
        }
        guard tensor.dtype == "F32" else {
            throw SentenceModelError.unsupported(path: path, reason: "\(name) is \(tensor.dtype), not float32")
        }
        guard tensor.shape == expected else {
            throw SentenceModelError.unsupported(
                path: path, reason: "\(name) has shape \(tensor.shape), not \(expected) as config.json says")
        }
        let start = base + dataStart + tensor.range.lowerBound
        let count = tensor.range.count / 4
        if Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 {
            return UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: count)
        }
        let copy = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        UnsafeMutableRawBufferPointer(copy).copyMemory(
            from: UnsafeRawBufferPointer(start: start, count: tensor.range.count))
        copiesLock.withLock { copies.append(copy) }
        return UnsafeBufferPointer(copy)
    }

    /// A float16 tensor's values, widened to float32, checked against the expected shape.
    public func float16(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let tensor = tensors[name] else {
            throw SentenceModelError.unsupported(path: path, reason: "it has no tensor \(name)")
        }
        guard tensor.dtype == "F16" else {
            throw SentenceModelError.unsupported(path: path, reason: "\(name) is \(tensor.dtype), not float16")
        }
        guard tensor.shape == expected else {
            throw SentenceModelError.unsupported(
                path: path, reason: "\(name) has shape \(tensor.shape), not \(expected)")
        }
        let start = UnsafeRawPointer(base + dataStart + tensor.range.lowerBound)
        return (0..<tensor.range.count / 2).map { index in
            Float(
                Float16(
                    bitPattern: UInt16(littleEndian: start.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))))
        }
    }

    private static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
        "U16": 2, "U32": 4, "U64": 8, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

    static func parseHeader(_ bytes: UnsafeRawBufferPointer, path: String) throws
        -> (tensors: [String: Tensor], dataStart: Int, metadata: [String: String])
    {
        func corrupt(_ reason: String) -> SentenceModelError { .corruptFile(path: path, reason: reason) }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard headerLength <= 100_000_000, Int(headerLength) <= bytes.count - 8 else {
            throw corrupt("its header claims \(headerLength) bytes but the file has \(bytes.count)")
        }
        let dataStart = 8 + Int(headerLength)
        let header = Data(bytes[8..<dataStart])
        guard let object = try? JSONSerialization.jsonObject(with: header), let entries = object as? [String: Any]
        else {
            throw corrupt("its header is not a JSON object")
        }
        let dataSize = bytes.count - dataStart
        var tensors: [String: Tensor] = [:]
        for (name, value) in entries where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else { throw corrupt("the header entry for \(name) lacks dtype, shape or data_offsets") }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize else {
                throw corrupt(
                    "\(name) lies outside the file (bytes \(offsets[0])..<\(offsets[1]) of \(dataSize)); it may be cut short"
                )
            }
            if let elementSize = elementSizes[dtype] {
                let elements = shape.reduce(1, *)
                guard shape.allSatisfy({ $0 >= 0 }), elements * elementSize == offsets[1] - offsets[0] else {
                    throw corrupt("\(name) has shape \(shape) but \(offsets[1] - offsets[0]) bytes")
                }
            }
            tensors[name] = Tensor(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
        }
        let metadata = (entries["__metadata__"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        return (tensors, dataStart, metadata)
    }
}
