using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>cloudtrail DescribeTrails: the trails of the region, shadow copies of multi-region trails included.</summary>
        public Fetched<IReadOnlyList<Trail>> Trails { get; set; } = Fetched<IReadOnlyList<Trail>>.Absent();
    }

    /// <summary>One item of cloudtrail DescribeTrails (trailList).</summary>
    public sealed class Trail
    {
        public string Name { get; set; } = "";
        public string? TrailArn { get; set; }
        /// <summary>The region the trail was created in (its GetEventSelectors answer is filed there).</summary>
        public string? HomeRegion { get; set; }
        public bool IsMultiRegionTrail { get; set; }
        public bool IsOrganizationTrail { get; set; }
        /// <summary>GetEventSelectors of the trail (from its home region's folder).</summary>
        public Fetched<TrailEventSelectors> EventSelectors { get; set; } = Fetched<TrailEventSelectors>.Absent();
    }

    /// <summary>cloudtrail GetEventSelectors: classic EventSelectors or AdvancedEventSelectors (a trail has one kind).</summary>
    public sealed class TrailEventSelectors
    {
        public IReadOnlyList<EventSelector> EventSelectors { get; set; } = Array.Empty<EventSelector>();
        public IReadOnlyList<AdvancedEventSelector> AdvancedEventSelectors { get; set; } = Array.Empty<AdvancedEventSelector>();
    }

    public sealed class EventSelector
    {
        /// <summary>ReadOnly, WriteOnly or All (the API's default when absent).</summary>
        public string ReadWriteType { get; set; } = "All";
        public IReadOnlyList<DataResource> DataResources { get; set; } = Array.Empty<DataResource>();
    }

    public sealed class DataResource
    {
        public string Type { get; set; } = "";
        public IReadOnlyList<string> Values { get; set; } = Array.Empty<string>();
    }

    public sealed class AdvancedEventSelector
    {
        public string? Name { get; set; }
        public IReadOnlyList<AdvancedFieldSelector> FieldSelectors { get; set; } = Array.Empty<AdvancedFieldSelector>();
    }

    public sealed class AdvancedFieldSelector
    {
        public string Field { get; set; } = "";
        public IReadOnlyList<string> EqualsValues { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> StartsWith { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> EndsWith { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> NotEquals { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> NotStartsWith { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> NotEndsWith { get; set; } = Array.Empty<string>();
    }
}
