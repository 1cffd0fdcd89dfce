namespace WafSecurity.Engine.Iam
{
    /// <summary>ARN pieces: arn:partition:service:region:account:resource.</summary>
    public static class Arn
    {
        public static string? AccountOf(string? arn) => Part(arn, 4);
        public static string? ServiceOf(string? arn) => Part(arn, 2);
        public static string? RegionOf(string? arn) => Part(arn, 3);
        public static string? PartitionOf(string? arn) => Part(arn, 1);

        /// <summary>A Lambda function ARN without its qualifier (alias or version): arn:aws:lambda:r:a:function:name[:q] -> ...:name.</summary>
        public static string UnqualifiedFunction(string functionArn)
        {
            var parts = functionArn.Split(':');
            return parts.Length >= 8 && parts[5] == "function" ? string.Join(":", parts, 0, 7) : functionArn;
        }

        private static string? Part(string? arn, int index)
        {
            if (arn == null || !arn.StartsWith("arn:", System.StringComparison.Ordinal)) return null;
            var parts = arn.Split(new[] { ':' }, 6);
            return parts.Length > index ? parts[index] : null;
        }
    }
}
