using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.AppSync
{
    /// <summary>A GraphQL API to judge, with its ARN; <see cref="Incomplete"/> is the Error that replaces its finding when its entry cannot be trusted.</summary>
    internal sealed class GraphqlApiItem
    {
        public GraphqlApiItem(string region, GraphqlApi api, string arn, RuleResult? incomplete) { Region = region; Api = api; Arn = arn; Incomplete = incomplete; }
        public string Region { get; }
        public GraphqlApi Api { get; }
        public string Arn { get; }
        public RuleResult? Incomplete { get; }
        /// <summary>"GraphQL API orders-api (abcd1234)" or "Merged API ...".</summary>
        public string Where => $"{(Api.IsMerged ? "Merged" : "GraphQL")} API {Api.Name} ({Api.ApiId})";
        public Evidence Evidence() => new Evidence().Add("ApiId", Api.ApiId).Add("ApiType", Api.ApiType ?? "GRAPHQL");
    }

    /// <summary>Shared walking of AppSync GraphQL APIs (every region whose ListGraphqlApis was read; a failed list is reported once by the reader).</summary>
    internal static class AppSyncScope
    {
        public const string ApiType = "AWS::AppSync::GraphQLApi";

        public static string ApiArn(string partition, string region, string account, string apiId) => $"arn:{partition}:appsync:{region}:{account}:apis/{apiId}";

        /// <summary>
        /// Every API, by region then name. An entry without authenticationType (every AppSync API has one: the service
        /// requires it) is not a whole ListGraphqlApis answer, so no member missing from it can be read as "not set": the
        /// API gets an Error naming the call instead of a verdict.
        /// </summary>
        public static IEnumerable<GraphqlApiItem> Apis(RuleContext context, string what)
        {
            foreach (var region in context.Regions)
            {
                if (!region.GraphqlApis.IsOk) continue;
                foreach (var api in region.GraphqlApis.Value!.OrderBy(a => a.Name, System.StringComparer.Ordinal).ThenBy(a => a.ApiId, System.StringComparer.Ordinal))
                {
                    var arn = string.IsNullOrEmpty(api.Arn) ? ApiArn(context.Partition, region.Region, context.AccountId, api.ApiId) : api.Arn!;
                    RuleResult? incomplete = null;
                    if (string.IsNullOrEmpty(api.AuthenticationType))
                    {
                        var op = SnapshotOperations.AppSyncListGraphqlApis;
                        var error = new CallError("IncompleteAnswer",
                            $"the graphqlApis entry of API {api.Name} ({api.ApiId}) has no authenticationType, so it is not a whole answer",
                            op.Label, op.IamAction, SnapshotDocuments.PathOf(region.Region, op));
                        incomplete = RuleResult.FromError(region.Region, arn, api.Name, error, what + " of API " + api.Name);
                    }
                    yield return new GraphqlApiItem(region.Region, api, arn, incomplete);
                }
            }
        }
    }
}
