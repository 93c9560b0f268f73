extension RandomAccessCollection where Index == Int {
    /// The first index whose element is `belongs`, in a collection where the elements that are
    /// come after those that are not (`endIndex` when none is).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
