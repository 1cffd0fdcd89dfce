namespace WafSecurity.Engine.Inventory
{
    public enum IssueKind
    {
        /// <summary>A file could not be read or did not have the expected shape: a non-terminating error.</summary>
        Error,
        /// <summary>A service was not collected in a region: said once, as a warning.</summary>
        Warning,
    }

    /// <summary>A problem met while reading a snapshot, reported once and never turned into a pass.</summary>
    public sealed class InventoryIssue
    {
        public InventoryIssue(IssueKind kind, string errorId, string target, string message)
        {
            Kind = kind; ErrorId = errorId; Target = target; Message = message;
        }

        public IssueKind Kind { get; }
        /// <summary>Namespaced error id, e.g. WafSecurity.SnapshotParse.</summary>
        public string ErrorId { get; }
        /// <summary>The file or resource concerned.</summary>
        public string Target { get; }
        public string Message { get; }

        public override string ToString() => $"{ErrorId}: {Target}: {Message}";
    }
}
