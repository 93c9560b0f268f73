/// One sentence's hidden states after some layer: `tokenCount` rows of `hiddenSize`
/// values, row-major, one row per token ([CLS] first, [SEP] last).
///
/// Saved after the lower layers, they let the upper layers run again (or be
/// fine-tuned) without recomputing what lies beneath.
public struct TokenStates: Sendable, Equatable {
    public let tokenCount: Int
    public let hiddenSize: Int
    public var values: [Float]

    public init(tokenCount: Int, hiddenSize: Int, values: [Float]) {
        precondition(values.count == tokenCount * hiddenSize, "TokenStates needs tokenCount × hiddenSize values")
        self.tokenCount = tokenCount
        self.hiddenSize = hiddenSize
        self.values = values
    }

    /// The mean of the token rows: the sentence embedding before normalisation.
    public var meanPooled: [Float] {
        var sum = [Float](repeating: 0, count: hiddenSize)
        for row in 0..<tokenCount {
            for j in 0..<hiddenSize { sum[j] += values[row * hiddenSize + j] }
        }
        let scale = 1 / Float(max(tokenCount, 1))
        return sum.map { $0 * scale }
    }
}
