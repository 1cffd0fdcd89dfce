using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using WafSecurity.Engine.Aws.Protocol;

namespace WafSecurity.Engine.Tests.Aws
{
    public sealed class AwsProtocolClientTests
    {
        private static Dictionary<string, string> P(params (string, string)[] kv)
        {
            var d = new Dictionary<string, string>();
            foreach (var (k, v) in kv) d[k] = v;
            return d;
        }

        [Fact]
        public void BuildRequest_RestJsonWithLabelAndQuery_PathResourceAndQueryString()
        {
            var model = AwsServiceModel.Get("lambda");
            var r = AwsProtocolClient.BuildRequest(model, model.Operation("GetPolicy"), P(("FunctionName", "arn:aws:lambda:eu-west-1:1:function:f"), ("Qualifier", "live")));
            Assert.Equal("GET", r.Method);
            Assert.Equal("/2015-03-31/functions/{FunctionName}/policy", r.ResourcePath);
            Assert.Equal("arn:aws:lambda:eu-west-1:1:function:f", r.PathResources["{FunctionName}"]);
            Assert.Equal("live", r.Query["Qualifier"]);
            Assert.Null(r.Body);
        }

        [Fact]
        public void BuildRequest_ApiGatewayV1Label_UsesWireLabelName()
        {
            var model = AwsServiceModel.Get("apigateway");
            var r = AwsProtocolClient.BuildRequest(model, model.Operation("GetResources"), P(("restApiId", "abc"), ("embed", "methods"), ("limit", "500")));
            Assert.Equal("/restapis/{restapi_id}/resources", r.ResourcePath);
            Assert.Equal("abc", r.PathResources["{restapi_id}"]);
            Assert.Equal("methods", r.Query["embed"]);
            Assert.Equal("500", r.Query["limit"]);
        }

        [Fact]
        public void BuildRequest_AwsJson_TargetContentTypeAndTypedBody()
        {
            var model = AwsServiceModel.Get("secretsmanager");
            var r = AwsProtocolClient.BuildRequest(model, model.Operation("ListSecrets"), P(("MaxResults", "100"), ("NextToken", "t")));
            Assert.Equal("POST", r.Method);
            Assert.Equal("secretsmanager.ListSecrets", r.Headers["X-Amz-Target"]);
            Assert.Equal("application/x-amz-json-1.1", r.Headers["Content-Type"]);
            var body = JsonDocument.Parse(r.Body!).RootElement;
            Assert.Equal(100, body.GetProperty("MaxResults").GetInt32());
            Assert.Equal("t", body.GetProperty("NextToken").GetString());
        }

        [Fact]
        public void BuildRequest_AwsQuery_FormBodyWithActionAndVersion()
        {
            var model = AwsServiceModel.Get("iam");
            var r = AwsProtocolClient.BuildRequest(model, model.Operation("GetAccountAuthorizationDetails"), P(("MaxItems", "1000"), ("Marker", "a b/c")));
            Assert.Equal("Action=GetAccountAuthorizationDetails&Version=2010-05-08&MaxItems=1000&Marker=a%20b%2Fc", Encoding.UTF8.GetString(r.Body!));
            Assert.StartsWith("application/x-www-form-urlencoded", r.Headers["Content-Type"]);
        }

        [Fact]
        public void BuildRequest_UnknownParameter_Throws()
        {
            var model = AwsServiceModel.Get("lambda");
            Assert.Throws<ArgumentException>(() => AwsProtocolClient.BuildRequest(model, model.Operation("ListFunctions"), P(("Nope", "1"))));
        }

        [Theory]
        [InlineData(@"{""__type"":""com.amazonaws.secretsmanager#ResourceNotFoundException"",""message"":""gone""}", null, "ResourceNotFoundException", "gone")]
        [InlineData(@"{""Type"":""User"",""Message"":""Function not found""}", "ResourceNotFoundException:http://internal.amazon.com/coral/", "ResourceNotFoundException", "Function not found")]
        [InlineData(@"{""message"":""Invalid API identifier""}", "NotFoundException", "NotFoundException", "Invalid API identifier")]
        [InlineData("", null, "404", "404")]
        public void FromJson_ErrorShapes_CodeAndMessage(string body, string? header, string code, string message)
        {
            var e = AwsErrors.FromJson(body, header, "rid", System.Net.HttpStatusCode.NotFound, null);
            Assert.Equal(code, e.ErrorCode);
            Assert.Equal(message, e.Message);
            Assert.Equal(404, (int)e.StatusCode);
        }

        [Fact]
        public void FromXml_IamError_CodeMessageAndReceiverType()
        {
            var e = AwsErrors.FromXml("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>",
                null, System.Net.HttpStatusCode.BadRequest, null);
            Assert.Equal("Throttling", e.ErrorCode);
            Assert.Equal("Rate exceeded", e.Message);
            Assert.Equal("r1", e.RequestId);
            Assert.True(AwsErrors.IsThrottling(e.ErrorCode, 400));
        }
    }
}
