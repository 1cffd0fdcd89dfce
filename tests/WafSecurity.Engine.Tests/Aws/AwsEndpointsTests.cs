using System.Collections.Generic;
using Amazon.Runtime;
using WafSecurity.Engine.Aws;

namespace WafSecurity.Engine.Tests.Aws
{
    public sealed class AwsEndpointsTests
    {
        private static System.Func<string, string?> Env(params (string, string)[] vars)
        {
            var d = new Dictionary<string, string>();
            foreach (var (k, v) in vars) d[k] = v;
            return n => d.TryGetValue(n, out var v) ? v : null;
        }

        [Theory]
        [InlineData("eu-west-1", "https://lambda.eu-west-1.amazonaws.com")]
        [InlineData("cn-north-1", "https://lambda.cn-north-1.amazonaws.com.cn")]
        [InlineData("us-gov-west-1", "https://lambda.us-gov-west-1.amazonaws.com")]
        public void Regional_PartitionSuffix_UrlSignedForRegion(string region, string url)
        {
            var e = AwsEndpoints.Regional("Lambda", "lambda", "lambda", region, null, Env());
            Assert.Equal(url, e.Url);
            Assert.Equal(region, e.SigningRegion);
            Assert.False(e.Overridden);
        }

        [Theory]
        [InlineData("eu-west-1", "https://iam.amazonaws.com", "us-east-1")]
        [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
        [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
        [InlineData("us-iso-west-1", "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1")]
        public void Iam_Partition_GlobalEndpointAndSigningRegion(string home, string url, string signing)
        {
            var e = AwsEndpoints.Iam(home, null, Env());
            Assert.Equal(url, e.Url);
            Assert.Equal(signing, e.SigningRegion);
        }

        [Fact]
        public void Regional_ServiceVariableBeatsGeneralVariable_SignedForRegion()
        {
            var env = Env(("AWS_ENDPOINT_URL", "http://general:1"), ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm:2"));
            var sm = AwsEndpoints.Regional("Secrets Manager", "secretsmanager", "secretsmanager", "eu-central-1", null, env);
            var lambda = AwsEndpoints.Regional("Lambda", "lambda", "lambda", "eu-central-1", null, env);
            Assert.Equal(("http://sm:2", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "eu-central-1"), (sm.Url, sm.Source, sm.SigningRegion));
            Assert.Equal(("http://general:1", "AWS_ENDPOINT_URL", "eu-central-1"), (lambda.Url, lambda.Source, lambda.SigningRegion));
        }

        [Fact]
        public void Regional_ExplicitUrl_BeatsEnvironment()
        {
            var e = AwsEndpoints.Regional("Lambda", "lambda", "lambda", "eu-west-1", "http://moto:5000", Env(("AWS_ENDPOINT_URL_LAMBDA", "http://other:1")));
            Assert.Equal(("http://moto:5000", "-EndpointUrl"), (e.Url, e.Source));
        }

        [Fact]
        public void Override_IgnoreConfiguredEndpointUrls_NoOverride()
        {
            Assert.Null(AwsEndpoints.Override("Lambda", null, Env(("AWS_ENDPOINT_URL", "http://x:1"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"))));
        }

        [Theory]
        [InlineData("Secrets Manager", "AWS_ENDPOINT_URL_SECRETS_MANAGER")]
        [InlineData("API Gateway", "AWS_ENDPOINT_URL_API_GATEWAY")]
        [InlineData("ApiGatewayV2", "AWS_ENDPOINT_URL_APIGATEWAYV2")]
        [InlineData("DynamoDB", "AWS_ENDPOINT_URL_DYNAMODB")]
        public void EnvironmentVariableFor_ServiceId_StandardName(string serviceId, string variable)
            => Assert.Equal(variable, AwsEndpoints.EnvironmentVariableFor(serviceId));

        [Fact]
        public void EndpointFor_IamWithCustomEndpoint_SignedForPartitionIamRegion()
        {
            using var source = new AwsApiCallSource(new AwsConnection(new BasicAWSCredentials("a", "b"), new[] { "eu-west-1" }, "t", "t", "http://127.0.0.1:5000", null, Env()));
            var iam = source.EndpointFor("iam", AwsEndpoints.Global);
            var v2 = source.EndpointFor("apigatewayv2", "eu-west-1");
            Assert.Equal(("http://127.0.0.1:5000", "us-east-1", "iam"), (iam.Url, iam.SigningRegion, iam.SigningName));
            Assert.Equal(("eu-west-1", "apigateway"), (v2.SigningRegion, v2.SigningName));
        }
    }
}
