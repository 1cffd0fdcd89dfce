using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.InVpc (informational): whether the function is attached to a VPC. Serverless functions need a VPC only to
    /// reach private resources; this finding records the network boundary for the review, it is not a defect by itself.
    /// </summary>
    public sealed class LambdaInVpcRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.InVpc",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Informational,
            ResourceType = "AWS::Lambda::Function",
            Title = "Lambda functions are attached to a VPC (informational)",
            Description = "Passes when the function's VpcConfig.VpcId is set; otherwise an Informational failure: the function runs " +
                          "in the Lambda service network, reaches the internet and public AWS endpoints freely, and cannot be " +
                          "limited by security groups, network ACLs or VPC endpoint policies. Attach a function to a VPC when it " +
                          "handles data that must not leave your network or needs private resources; many serverless functions " +
                          "do not. Security Hub Lambda.3 / AWS Config lambda-inside-vpc check the same.",
            Remediation = "Attach the function to private subnets with a security group (aws lambda update-function-configuration " +
                          "--function-name <name> --vpc-config SubnetIds=<subnet>,<subnet>,SecurityGroupIds=<sg>), with VPC " +
                          "endpoints or a NAT gateway for the AWS services it calls.",
            WellArchitected = new[] { "SEC05-BP01" },
            SecurityHubControl = "Lambda.3",
            ConfigRule = "lambda-inside-vpc",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var evidence = new Evidence().Add("VpcId", string.IsNullOrEmpty(function.VpcId) ? null : function.VpcId)
                        .Add("SubnetIds", function.VpcSubnetIds.Count == 0 ? null : function.VpcSubnetIds.ToArray());
                    if (!string.IsNullOrEmpty(function.VpcId))
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"Function {function.FunctionName} is attached to VPC {function.VpcId}" +
                            (function.VpcSubnetIds.Count == 0 ? "." : $" (subnets {string.Join(", ", function.VpcSubnetIds)})."), evidence);
                        continue;
                    }
                    if (function.VpcSubnetIds.Count > 0)
                    {
                        // Subnets without a VPC id: the answer is incomplete, so the network boundary is unknown.
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                            Reason = $"Could not evaluate the VPC attachment of function {function.FunctionName}: its lambda ListFunctions entry has " +
                                     $"VpcConfig.SubnetIds ({string.Join(", ", function.VpcSubnetIds)}) but no VpcId (it needs the IAM action lambda:ListFunctions).",
                            Evidence = evidence,
                        };
                        continue;
                    }
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                        Reason = $"Function {function.FunctionName} is not attached to a VPC (no VpcConfig.VpcId), so its network access cannot be " +
                                 "limited by security groups or VPC endpoint policies. Informational: attach it only if it needs private resources or " +
                                 "must not reach the internet.",
                        Evidence = evidence,
                        // Which subnets and security groups to use is the owner's design decision.
                        RepairCommand = null,
                    };
                }
            }
        }
    }
}
