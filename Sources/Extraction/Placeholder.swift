public enum ExtractionPlaceholder {}
