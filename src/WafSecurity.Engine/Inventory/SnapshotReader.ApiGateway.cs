using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    // API Gateway region-wide lists (custom domain names, usage plans) beside the APIs themselves.
    public static partial class SnapshotReader
    {
        /// <summary>
        /// The region-wide API Gateway lists. A missing file is said once per region as a warning, but only where the APIs
        /// of that version were collected: a snapshot without API Gateway at all already has its warning.
        /// </summary>
        private static void ReadApiGatewayRegionLists(SnapshotFolder files, string region, RegionInventory inventory)
        {
            inventory.RestDomainNames = WarnIfApisCollected(files, region, SnapshotOperations.RestGetDomainNames, inventory.RestApis.State,
                files.LoadList<IReadOnlyList<ApiDomainName>>(region, SnapshotOperations.RestGetDomainNames, CliDocuments.GetRestDomainNames));
            inventory.UsagePlans = WarnIfApisCollected(files, region, SnapshotOperations.RestGetUsagePlans, inventory.RestApis.State,
                files.LoadList<IReadOnlyList<UsagePlan>>(region, SnapshotOperations.RestGetUsagePlans, CliDocuments.GetUsagePlans));
            inventory.V2DomainNames = WarnIfApisCollected(files, region, SnapshotOperations.V2GetDomainNames, inventory.ApisV2.State,
                files.LoadList<IReadOnlyList<ApiDomainName>>(region, SnapshotOperations.V2GetDomainNames, CliDocuments.GetV2DomainNames));
        }

        private static Fetched<T> WarnIfApisCollected<T>(SnapshotFolder files, string region, SnapshotOperation op, FetchState apis, Fetched<T> fetched) where T : class
        {
            if (fetched.State == FetchState.NotCollected && apis != FetchState.NotCollected)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", $"{region}/{op.Service}/{op.Operation}",
                    $"{op.Label} was not collected in {region} (no {region}/{op.Service}/{op.Operation}.json): what the rules read from it is not " +
                    "checked there (re-export the snapshot to include it).");
            return fetched;
        }

        private static void ReadRestApiExtras(SnapshotFolder files, string region, RestApi api)
        {
            api.RequestValidators = files.Load<IReadOnlyList<RequestValidator>>(files.KeyPath(region, SnapshotOperations.RestGetRequestValidators, api.Id),
                SnapshotOperations.RestGetRequestValidators, CliDocuments.GetRequestValidators, absentWhenMissing: false);
        }

        private static void ReadApiV2Extras(SnapshotFolder files, string region, ApiV2 api)
        {
            api.Integrations = files.Load<IReadOnlyList<ApiIntegration>>(files.KeyPath(region, SnapshotOperations.V2GetIntegrations, api.ApiId),
                SnapshotOperations.V2GetIntegrations, CliDocuments.GetIntegrations, absentWhenMissing: false);
        }
    }
}
