public enum CheckworthinessPlaceholder {}
