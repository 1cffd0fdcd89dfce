using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Aws.Protocol;

namespace WafSecurity.Engine.Tests.Aws
{
    public sealed class CliShapeConverterTests
    {
        private const string GaadXml = @"<GetAccountAuthorizationDetailsResponse xmlns=""https://iam.amazonaws.com/doc/2010-05-08/"">
  <GetAccountAuthorizationDetailsResult>
    <IsTruncated>true</IsTruncated>
    <Marker>page2</Marker>
    <UserDetailList/>
    <RoleDetailList>
      <member>
        <RoleName>fn-role</RoleName>
        <Path>/</Path>
        <CreateDate>2024-01-02T03:04:05Z</CreateDate>
        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D</AssumeRolePolicyDocument>
        <RolePolicyList>
          <member><PolicyName>inline</PolicyName><PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</PolicyDocument></member>
        </RolePolicyList>
        <AttachedManagedPolicies/>
        <Tags><member><Key>team</Key><Value>audit</Value></member></Tags>
        <RoleLastUsed><Region>eu-west-1</Region></RoleLastUsed>
      </member>
    </RoleDetailList>
    <Policies>
      <member>
        <PolicyName>p</PolicyName><AttachmentCount>3</AttachmentCount><IsAttachable>true</IsAttachable>
        <PolicyVersionList><member><Document>not%20json</Document><IsDefaultVersion>false</IsDefaultVersion><VersionId>v1</VersionId></member></PolicyVersionList>
      </member>
    </Policies>
  </GetAccountAuthorizationDetailsResult>
  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
</GetAccountAuthorizationDetailsResponse>";

        [Fact]
        public void ToCli_IamXml_ListsArraysScalarsTypedPoliciesDecoded()
        {
            var model = AwsServiceModel.Get("iam");
            var page = AwsApiCallSource.ToCli(model, model.Operation("GetAccountAuthorizationDetails"), GaadXml);

            Assert.Empty(page["UserDetailList"]!.AsArray());
            var role = page["RoleDetailList"]![0]!;
            Assert.Equal("fn-role", role["RoleName"]!.GetValue<string>());
            Assert.Equal("2012-10-17", role["AssumeRolePolicyDocument"]!["Version"]!.GetValue<string>());
            Assert.Equal("2012-10-17", role["RolePolicyList"]![0]!["PolicyDocument"]!["Version"]!.GetValue<string>());
            Assert.Equal("audit", role["Tags"]![0]!["Value"]!.GetValue<string>());
            Assert.Equal("eu-west-1", role["RoleLastUsed"]!["Region"]!.GetValue<string>());
            Assert.Equal("2024-01-02T03:04:05Z", role["CreateDate"]!.GetValue<string>());
            var policy = page["Policies"]![0]!;
            Assert.Equal(3, policy["AttachmentCount"]!.GetValue<long>());
            Assert.True(policy["IsAttachable"]!.GetValue<bool>());
            Assert.False(policy["PolicyVersionList"]![0]!["IsDefaultVersion"]!.GetValue<bool>());
            Assert.Equal("not%20json", policy["PolicyVersionList"]![0]!["Document"]!.GetValue<string>());
            Assert.Null(page["GroupDetailList"]);
            Assert.Equal("page2", CliShapeConverter.NextToken(page, model.Operation("GetAccountAuthorizationDetails").Paginator!));
        }

        [Fact]
        public void PageMerger_TwoIamPages_ConcatenatesResultKeysAndDropsTokens()
        {
            var model = AwsServiceModel.Get("iam");
            var op = model.Operation("GetAccountAuthorizationDetails");
            var merger = new CliShapeConverter.PageMerger(op.Paginator);
            merger.Add(AwsApiCallSource.ToCli(model, op, GaadXml));
            var last = AwsApiCallSource.ToCli(model, op, GaadXml.Replace("<IsTruncated>true</IsTruncated>", "<IsTruncated>false</IsTruncated>").Replace("fn-role", "second"));
            Assert.Null(CliShapeConverter.NextToken(last, op.Paginator!));
            merger.Add(last);

            var result = merger.Result;
            Assert.Equal(new[] { "fn-role", "second" }, result["RoleDetailList"]!.AsArray().Select(r => r!["RoleName"]!.GetValue<string>()));
            Assert.Equal(2, result["Policies"]!.AsArray().Count);
            Assert.Null(result["IsTruncated"]);
            Assert.Null(result["Marker"]);
        }

        [Fact]
        public void ToCli_ApiGatewayV1_WireItemBecomesItems()
        {
            var model = AwsServiceModel.Get("apigateway");
            var page = AwsApiCallSource.ToCli(model, model.Operation("GetRestApis"),
                @"{""item"":[{""id"":""a1"",""name"":""shop"",""createdDate"":1700000000,""tags"":{""Team"":""x""}}],""position"":""p2""}");
            Assert.Equal("a1", page["items"]![0]!["id"]!.GetValue<string>());
            Assert.Equal("x", page["items"]![0]!["tags"]!["Team"]!.GetValue<string>());
            Assert.Equal("p2", CliShapeConverter.NextToken(page, model.Operation("GetRestApis").Paginator!));
        }

        [Fact]
        public void ToCli_ApiGatewayV2_WireNamesBecomeMemberNamesMapKeysKept()
        {
            var model = AwsServiceModel.Get("apigatewayv2");
            var page = AwsApiCallSource.ToCli(model, model.Operation("GetApis"),
                @"{""items"":[{""apiId"":""x1"",""name"":""http"",""protocolType"":""HTTP"",""tags"":{""teamName"":""audit""},""corsConfiguration"":{""allowOrigins"":[""*""]},""unknownNewField"":1}],""nextToken"":""t""}");
            var api = page["Items"]![0]!;
            Assert.Equal("x1", api["ApiId"]!.GetValue<string>());
            Assert.Equal("audit", api["Tags"]!["teamName"]!.GetValue<string>());
            Assert.Equal("*", api["CorsConfiguration"]!["AllowOrigins"]![0]!.GetValue<string>());
            Assert.Null(api["unknownNewField"]);
            Assert.Equal("t", page["NextToken"]!.GetValue<string>());
        }

        [Fact]
        public void FromSdk_DynamoDescribeTable_ModelNamesEnumsAsTextTimestampsAsEpoch()
        {
            var model = AwsServiceModel.Get("dynamodb");
            var response = new DescribeTableResponse
            {
                Table = new TableDescription
                {
                    TableName = "tbl", TableStatus = TableStatus.ACTIVE, ItemCount = 5,
                    CreationDateTime = new DateTime(2024, 1, 2, 3, 4, 5, 250, DateTimeKind.Utc),
                    SSEDescription = new SSEDescription { Status = SSEStatus.ENABLED, SSEType = SSEType.KMS, KMSMasterKeyArn = "arn:aws:kms:eu-west-1:1:key/k" },
                    KeySchema = new System.Collections.Generic.List<KeySchemaElement> { new KeySchemaElement("pk", KeyType.HASH) },
                },
            };
            var json = CliShapeConverter.FromSdk(response, model.Operation("DescribeTable").Output!)!;
            var table = json["Table"]!;
            Assert.Equal("ACTIVE", table["TableStatus"]!.GetValue<string>());
            Assert.Equal(5, table["ItemCount"]!.GetValue<long>());
            Assert.Equal(1704164645.25, table["CreationDateTime"]!.GetValue<double>());
            Assert.Equal("KMS", table["SSEDescription"]!["SSEType"]!.GetValue<string>());
            Assert.Equal("HASH", table["KeySchema"]![0]!["KeyType"]!.GetValue<string>());
            Assert.Null(table["DeletionProtectionEnabled"]);
            Assert.Null(json["ResponseMetadata"]);
            Assert.Null(json["HttpStatusCode"]);
        }

        [Fact]
        public void DecodePolicy_NotJson_KeepsText()
        {
            Assert.Equal("%ZZ", CliShapeConverter.DecodePolicy("%ZZ")!.GetValue<string>());
            Assert.Equal(JsonValueKind.Object, CliShapeConverter.DecodePolicy("%7B%7D")!.GetValueKind());
        }
    }
}
