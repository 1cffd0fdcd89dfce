using WafSecurity.Engine.Iam;
using static WafSecurity.Engine.Tests.Iam.IamTestSupport;

namespace WafSecurity.Engine.Tests.Iam
{
    /// <summary>AWS managed policies as AWS publishes them (tests/fixtures/iam/managed-policies) and the verdicts they must get.</summary>
    public class ManagedPolicyTests
    {
        [Theory]
        [InlineData("AdministratorAccess", "iam:CreateUser", "arn:aws:iam::111122223333:user/x", "allowed")]
        [InlineData("AdministratorAccess", "s3:DeleteBucket", "arn:aws:s3:::any", "allowed")]
        [InlineData("AdministratorAccess", "lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:111122223333:function:f", "allowed")]
        [InlineData("PowerUserAccess", "s3:GetObject", "arn:aws:s3:::b/k", "allowed")]
        [InlineData("PowerUserAccess", "lambda:CreateFunction", "*", "allowed")]
        [InlineData("PowerUserAccess", "iam:CreateUser", "arn:aws:iam::111122223333:user/x", "implicitDeny")]
        [InlineData("PowerUserAccess", "iam:PassRole", "arn:aws:iam::111122223333:role/r", "implicitDeny")]
        [InlineData("PowerUserAccess", "iam:ListRoles", "*", "allowed")]
        [InlineData("PowerUserAccess", "iam:CreateServiceLinkedRole", "*", "allowed")]
        [InlineData("PowerUserAccess", "organizations:DescribeOrganization", "*", "allowed")]
        [InlineData("PowerUserAccess", "organizations:LeaveOrganization", "*", "implicitDeny")]
        [InlineData("PowerUserAccess", "account:CloseAccount", "*", "implicitDeny")]
        [InlineData("ReadOnlyAccess", "s3:GetObject", "arn:aws:s3:::b/k", "allowed")]
        [InlineData("ReadOnlyAccess", "lambda:GetFunction", "arn:aws:lambda:us-east-1:111122223333:function:f", "allowed")]
        [InlineData("ReadOnlyAccess", "dynamodb:Scan", "arn:aws:dynamodb:us-east-1:111122223333:table/t", "allowed")]
        [InlineData("ReadOnlyAccess", "s3:PutObject", "arn:aws:s3:::b/k", "implicitDeny")]
        [InlineData("ReadOnlyAccess", "iam:CreateUser", "*", "implicitDeny")]
        [InlineData("ReadOnlyAccess", "lambda:UpdateFunctionCode", "*", "implicitDeny")]
        [InlineData("AWSLambdaBasicExecutionRole", "logs:CreateLogGroup", "*", "allowed")]
        [InlineData("AWSLambdaBasicExecutionRole", "logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:s", "allowed")]
        [InlineData("AWSLambdaBasicExecutionRole", "logs:DeleteLogGroup", "*", "implicitDeny")]
        [InlineData("AWSLambdaBasicExecutionRole", "s3:GetObject", "arn:aws:s3:::b/k", "implicitDeny")]
        public void Evaluate_ManagedPolicy_GetsExpectedVerdict(string policy, string action, string resource, string expected)
        {
            Assert.Equal(expected, Decide(ManagedPolicy(policy), action, resource));
        }

        [Fact]
        public void Parse_EveryManagedPolicyFixture_CompilesWithoutError()
        {
            foreach (var name in new[] { "AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "AWSLambdaBasicExecutionRole" })
                Assert.NotEmpty(Identity(ManagedPolicy(name), name).Statements);
        }
    }
}
