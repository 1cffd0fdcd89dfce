namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotOperations
    {
        /// <summary>The trails of the region, shadow copies of multi-region and organization trails included ({"trailList": [...]}).</summary>
        public static readonly SnapshotOperation CloudTrailDescribeTrails = new SnapshotOperation("cloudtrail", "DescribeTrails", "cloudtrail:DescribeTrails", false);
        /// <summary>A trail's event selectors, asked in the trail's home region and filed there under the trail name.</summary>
        public static readonly SnapshotOperation CloudTrailGetEventSelectors = new SnapshotOperation("cloudtrail", "GetEventSelectors", "cloudtrail:GetEventSelectors", false);
    }
}
