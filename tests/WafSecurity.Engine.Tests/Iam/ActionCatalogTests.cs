using System.Diagnostics;
using System.Linq;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Tests.Iam
{
    public class ActionCatalogTests
    {
        private static readonly ActionCatalog Catalog = ActionCatalog.Default;

        [Fact]
        public void Default_Loaded_HoldsEveryServiceAndTheSourceVersion()
        {
            Assert.True(Catalog.Services.Count > 400);
            Assert.True(Catalog.AllActions.Count > 20000);
            Assert.Equal("0.21.202609261", Catalog.SourceVersion);
        }

        [Fact]
        public void Expand_Star_ReturnsEveryAction()
        {
            // Its speed (target 50 ms) is measured by build.ps1 -Task Bench, not asserted here.
            var all = IamActionExpander.Expand("*");
            Assert.Equal(Catalog.AllActions.Count, all.Count);
        }

        [Theory]
        [InlineData("s3:getobject", "s3:GetObject")]
        [InlineData("S3:GETOBJECT", "s3:GetObject")]
        [InlineData("lambda:invokefunction", "lambda:InvokeFunction")]
        public void Expand_ExactNameInAnyCase_ReturnsAwsSpelling(string pattern, string expected)
        {
            var result = IamActionExpander.Expand(pattern);
            Assert.Equal(expected, Assert.Single(result).Action);
        }

        [Fact]
        public void Expand_QuestionMark_MatchesOneCharacter()
        {
            var names = IamActionExpander.Expand("iam:?etRole").Select(a => a.Action).ToList();
            Assert.Contains("iam:GetRole", names);
            Assert.DoesNotContain("iam:GetRolePolicy", names);
        }

        [Fact]
        public void Expand_ServiceWildcard_CoversOnlyThatService()
        {
            var result = IamActionExpander.Expand("lambda:*");
            Assert.True(result.Count > 50);
            Assert.All(result, a => Assert.Equal("lambda", a.Service));
        }

        [Fact]
        public void Expand_WildcardInServicePart_MatchesServicePrefixes()
        {
            var services = IamActionExpander.Expand("lambd?:Get*").Select(a => a.Service).Distinct().ToList();
            Assert.Equal(new[] { "lambda" }, services);
        }

        [Theory]
        [InlineData("nosuchservice:*")]
        [InlineData("s3:NoSuchAction")]
        [InlineData("notanaction")]
        public void Expand_Unknown_ReturnsNothing(string pattern)
        {
            Assert.Empty(IamActionExpander.Expand(pattern));
        }

        [Theory]
        [InlineData("lambda:AddPermission", "Permissions management")]
        [InlineData("iam:PutRolePolicy", "Permissions management")]
        [InlineData("iam:PassRole", "Write")] // as the Service Authorization Reference lists it
        [InlineData("s3:PutBucketPolicy", "Permissions management")]
        [InlineData("s3:GetObject", "Read")]
        [InlineData("s3:ListAllMyBuckets", "List")]
        [InlineData("lambda:TagResource", "Tagging")]
        [InlineData("logs:PutLogEvents", "Write")]
        public void FindAction_KnownAction_HasNormalisedAccessLevel(string action, string level)
        {
            Assert.Equal(level, Catalog.FindAction(action)!.AccessLevel);
        }

        [Fact]
        public void AccessLevels_AllActions_AreTheFiveNormalisedLevels()
        {
            var levels = Catalog.AllActions.Select(a => a.AccessLevel).Distinct().OrderBy(l => l).ToArray();
            Assert.Equal(new[] { "List", "Permissions management", "Read", "Tagging", "Write" }, levels);
        }

        [Fact]
        public void FindAction_ResourceScopableAction_ListsResourceTypesWithArnFormats()
        {
            var invoke = Catalog.FindAction("lambda:InvokeFunction")!;
            var function = invoke.ResourceTypes.First(r => r.Type.Name == "function");
            Assert.True(function.Required);
            Assert.Equal("arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}", function.Type.ArnFormat);
            Assert.True(invoke.SupportsResourceLevelPermissions);
        }

        [Fact]
        public void FindAction_StarOnlyAction_SupportsNoResourceLevelPermissions()
        {
            Assert.False(Catalog.FindAction("xray:PutTraceSegments")!.SupportsResourceLevelPermissions);
            Assert.True(Catalog.FindAction("logs:PutLogEvents")!.SupportsResourceLevelPermissions);
        }

        [Fact]
        public void FindAction_ActionWithConditionKeys_ListsThem()
        {
            Assert.Contains("s3:ResourceAccount", Catalog.FindAction("s3:GetObject")!.ConditionKeys);
        }
    }
}
