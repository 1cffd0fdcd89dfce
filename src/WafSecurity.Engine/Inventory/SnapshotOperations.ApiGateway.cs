namespace WafSecurity.Engine.Inventory
{
    // API Gateway operations beyond the APIs' own resources, stages and authorizers (all need apigateway:GET).
    public static partial class SnapshotOperations
    {
        /// <summary>Every REST custom domain name of the region (all pages merged: {"items": [...]}).</summary>
        public static readonly SnapshotOperation RestGetDomainNames = new SnapshotOperation("apigateway", "GetDomainNames", "apigateway:GET", false);
        /// <summary>Every usage plan of the region with its API stages and throttles ({"items": [...]}).</summary>
        public static readonly SnapshotOperation RestGetUsagePlans = new SnapshotOperation("apigateway", "GetUsagePlans", "apigateway:GET", false);
        /// <summary>The request validators of one REST API (key: restApiId).</summary>
        public static readonly SnapshotOperation RestGetRequestValidators = new SnapshotOperation("apigateway", "GetRequestValidators", "apigateway:GET", false);
        /// <summary>Every v2 (HTTP and WebSocket) custom domain name of the region ({"Items": [...]}).</summary>
        public static readonly SnapshotOperation V2GetDomainNames = new SnapshotOperation("apigatewayv2", "GetDomainNames", "apigateway:GET", false);
        /// <summary>The integrations of one v2 API (key: ApiId).</summary>
        public static readonly SnapshotOperation V2GetIntegrations = new SnapshotOperation("apigatewayv2", "GetIntegrations", "apigateway:GET", false);
    }
}
