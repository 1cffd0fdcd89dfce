using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        /// <summary>cloudtrail describe-trails: {"trailList": [{"Name", "TrailARN", "HomeRegion", "IsMultiRegionTrail", "IsOrganizationTrail", ...}]}.</summary>
        public static List<Trail> DescribeTrails(JsonElement root)
        {
            return MapItems(root, "trailList", (item, where) =>
            {
                return new Trail
                {
                    Name = RequireString(item, "Name", where),
                    TrailArn = item.GetString("TrailARN"),
                    HomeRegion = item.GetString("HomeRegion"),
                    IsMultiRegionTrail = item.GetBool("IsMultiRegionTrail") ?? false,
                    IsOrganizationTrail = item.GetBool("IsOrganizationTrail") ?? false,
                };
            });
        }

        /// <summary>
        /// cloudtrail get-event-selectors: {"TrailARN", "EventSelectors": [{"ReadWriteType", "IncludeManagementEvents",
        /// "DataResources": [{"Type", "Values"}]}]} or {"TrailARN", "AdvancedEventSelectors": [{"Name", "FieldSelectors":
        /// [{"Field", "Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"}]}]}.
        /// </summary>
        public static TrailEventSelectors GetEventSelectors(JsonElement root)
        {
            var classic = RequireArray(root, "EventSelectors").Select(selector => new EventSelector
            {
                ReadWriteType = selector.GetString("ReadWriteType") ?? "All",
                DataResources = selector.GetArray("DataResources").Select(resource => new DataResource
                {
                    Type = resource.GetString("Type") ?? "",
                    Values = Strings(resource, "Values"),
                }).ToList(),
            }).ToList();
            var advanced = RequireArray(root, "AdvancedEventSelectors").Select(selector => new AdvancedEventSelector
            {
                Name = selector.GetString("Name"),
                FieldSelectors = selector.GetArray("FieldSelectors").Select((field, i) => new AdvancedFieldSelector
                {
                    Field = RequireString(field, "Field", $"AdvancedEventSelectors FieldSelectors[{i}]"),
                    EqualsValues = Strings(field, "Equals"),
                    StartsWith = Strings(field, "StartsWith"),
                    EndsWith = Strings(field, "EndsWith"),
                    NotEquals = Strings(field, "NotEquals"),
                    NotStartsWith = Strings(field, "NotStartsWith"),
                    NotEndsWith = Strings(field, "NotEndsWith"),
                }).ToList(),
            }).ToList();
            return new TrailEventSelectors { EventSelectors = classic, AdvancedEventSelectors = advanced };
        }

        private static List<string> Strings(JsonElement item, string member)
            => item.TryGetMember(member, out var value) ? value.GetStringOrList() : new List<string>();
    }
}
