using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Cognito
{
    /// <summary>SEC1.Cognito.IdentityPoolGuest: no Cognito identity pool hands AWS credentials to unauthenticated (guest) callers.</summary>
    public sealed class CognitoIdentityPoolGuestRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.Cognito.IdentityPoolGuest",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::Cognito::IdentityPool",
            Title = "Cognito identity pools do not allow guest (unauthenticated) access",
            Description = "One finding per Cognito identity pool (cognito-identity list-identity-pools, then describe-identity-pool). " +
                          "Fails when AllowUnauthenticatedIdentities is true: anyone who knows the pool id (it ships in client code) " +
                          "can get temporary AWS credentials of the pool's unauthenticated role and call every API that role allows. " +
                          "AllowClassicFlow true is named in the reason: with the basic flow such a caller can also ask for the role " +
                          "directly. Same as Prowler cognito_identity_pool_guest_access_disabled.",
            Remediation = "Turn guest access off unless the application truly serves anonymous users: aws cognito-identity " +
                          "update-identity-pool --identity-pool-id <id> --identity-pool-name <name> " +
                          "--no-allow-unauthenticated-identities (keep the pool's providers: update-identity-pool replaces them). " +
                          "If guests are intended, give the unauthenticated role only the few actions and resources they need.",
            WellArchitected = new[] { "SEC03-BP07", "SEC02-BP02" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.IdentityPools.IsOk) continue;
                foreach (var pool in region.IdentityPools.Value!.OrderBy(p => p.IdentityPoolName, StringComparer.Ordinal).ThenBy(p => p.IdentityPoolId, StringComparer.Ordinal))
                {
                    var arn = $"arn:{context.Partition}:cognito-identity:{region.Region}:{context.AccountId}:identitypool/{pool.IdentityPoolId}";
                    var where = $"Identity pool {pool.IdentityPoolName} ({pool.IdentityPoolId})";
                    if (!pool.Description.IsOk)
                    {
                        var error = pool.Description.Error ?? new CallError("NotCollected", "no answer recorded",
                            SnapshotOperations.CognitoDescribeIdentityPool.Label, SnapshotOperations.CognitoDescribeIdentityPool.IamAction, null);
                        yield return RuleResult.FromError(region.Region, arn, pool.IdentityPoolName, error, "guest access of identity pool " + pool.IdentityPoolName);
                        continue;
                    }
                    var d = pool.Description.Value!;
                    var evidence = new Evidence().Add("IdentityPoolId", pool.IdentityPoolId)
                        .Add("AllowUnauthenticatedIdentities", d.AllowUnauthenticatedIdentities).Add("AllowClassicFlow", d.AllowClassicFlow);
                    if (!d.AllowUnauthenticatedIdentities)
                    {
                        yield return RuleResult.Passed(region.Region, arn, pool.IdentityPoolName, $"{where} gives no credentials to unauthenticated identities (AllowUnauthenticatedIdentities false).", evidence);
                        continue;
                    }
                    yield return RuleResult.Failed(region.Region, arn, pool.IdentityPoolName,
                        $"{where} allows unauthenticated identities (AllowUnauthenticatedIdentities true): anyone with the pool id gets AWS " +
                        "credentials of its unauthenticated role" +
                        (d.AllowClassicFlow == true ? ", and the basic (classic) flow is on (AllowClassicFlow true), so they can ask for that role directly" : "") +
                        ". Expected AllowUnauthenticatedIdentities false.", evidence);
                }
            }
        }
    }
}
