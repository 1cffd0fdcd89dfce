using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WafSecurity.FakeAws;

namespace WafSecurity.FakeAws.Tests;

/// <summary>The verifier against AWS's published SigV4 test suite (TestVectors/README.md says where each came from).</summary>
public sealed class SigV4TestVectorTests
{
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly SigV4Credentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public static string VectorRoot => Path.Combine(AppContext.BaseDirectory, "TestVectors");

    public static IEnumerable<object[]> Vectors() =>
        Directory.GetDirectories(VectorRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    [Fact]
    public void Suite_HasTheVectorsTheIssueNames()
    {
        var names = Vectors().Select(v => (string)v[0]).ToHashSet();
        foreach (var required in new[] { "get-vanilla", "get-vanilla-query-order-key-case", "post-x-www-form-urlencoded", "get-utf8", "get-space" })
            Assert.Contains(required, names);
        Assert.True(names.Count >= 25);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_CanonicalRequestStringToSignAndSignature_MatchPublished(string name)
    {
        var v = Load(name);
        var auth = SigV4Authorization.Parse(v.Authz)!;
        var creq = SigV4.CanonicalRequest(v.Request, auth.SignedHeaders, SigV4.PayloadHash(v.Request.Body));
        Assert.Equal(v.Creq, creq);
        var sts = SigV4.StringToSign(v.Request.Header("X-Amz-Date")!, auth.Scope, creq);
        Assert.Equal(v.Sts, sts);
        Assert.Equal(auth.Signature, SigV4.Signature(SuiteCredentials.SecretAccessKey, auth, sts));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_SignedRequest_IsAcceptedByTheVerifier(string name)
    {
        var v = Load(name);
        var result = Verifier().Verify(WithAuthorization(v.Request, v.Authz));
        Assert.True(result.IsValid, result.Message);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_AlteredRequest_IsRejectedAsSignatureMismatch(string name)
    {
        var v = Load(name);
        var r = WithAuthorization(v.Request, v.Authz);
        var alteredPath = r with { RawPath = r.RawPath + "x" };
        var alteredQuery = r with { RawQuery = r.RawQuery.Length == 0 ? "a=b" : r.RawQuery + "&z=1" };
        var alteredBody = r with { Body = Encoding.UTF8.GetBytes("Param1=value2") };
        var alteredMethod = r with { Method = r.Method == "GET" ? "POST" : "GET" };
        foreach (var altered in new[] { alteredPath, alteredQuery, alteredBody, alteredMethod })
            Assert.Equal(SigV4Failure.SignatureMismatch, Verifier().Verify(altered).Failure);
    }

    [Fact]
    public void Verify_WrongSecret_IsSignatureMismatch()
    {
        var v = Load("get-vanilla");
        var verifier = new SigV4Verifier([new SigV4Credentials("AKIDEXAMPLE", "not-the-secret")], TimeSpan.FromMinutes(15), () => SuiteTime);
        Assert.Equal(SigV4Failure.SignatureMismatch, verifier.Verify(WithAuthorization(v.Request, v.Authz)).Failure);
    }

    [Fact]
    public void Verify_UnknownAccessKey_IsUnknownAccessKey()
    {
        var v = Load("get-vanilla");
        var verifier = new SigV4Verifier([new SigV4Credentials("AKIDOTHER", "x")], TimeSpan.FromMinutes(15), () => SuiteTime);
        Assert.Equal(SigV4Failure.UnknownAccessKey, verifier.Verify(WithAuthorization(v.Request, v.Authz)).Failure);
    }

    [Fact]
    public void Verify_SignedLongAgo_IsExpired()
    {
        var v = Load("get-vanilla");
        var verifier = new SigV4Verifier([SuiteCredentials], TimeSpan.FromMinutes(15), () => SuiteTime.AddMinutes(16));
        Assert.Equal(SigV4Failure.SignatureExpired, verifier.Verify(WithAuthorization(v.Request, v.Authz)).Failure);
    }

    [Fact]
    public void Verify_NoAuthorization_IsMissingAuthentication()
    {
        Assert.Equal(SigV4Failure.MissingAuthentication, Verifier().Verify(Load("get-vanilla").Request).Failure);
    }

    [Fact]
    public void Verify_UnsignedSecurityTokenAdded_StillValid_SignedOneChanged_Rejected()
    {
        var after = Load("post-sts-header-after");
        Assert.True(Verifier().Verify(WithAuthorization(after.Request, after.Authz)).IsValid);
        var before = Load("post-sts-header-before");
        var changed = WithAuthorization(before.Request, before.Authz);
        changed = changed with { Headers = changed.Headers.Select(h => h.Key == "X-Amz-Security-Token" ? new KeyValuePair<string, string>(h.Key, h.Value + "x") : h).ToList() };
        Assert.Equal(SigV4Failure.SignatureMismatch, Verifier().Verify(changed).Failure);
    }

    private static SigV4Verifier Verifier() => new([SuiteCredentials], TimeSpan.FromMinutes(15), () => SuiteTime);

    private static SignableRequest WithAuthorization(SignableRequest r, string authz) =>
        r with { Headers = r.Headers.Append(new KeyValuePair<string, string>("Authorization", authz)).ToList() };

    internal sealed record Vector(SignableRequest Request, string Creq, string Sts, string Authz);

    internal static Vector Load(string name)
    {
        string Read(string ext) => File.ReadAllText(Path.Combine(VectorRoot, name, name + ext), Encoding.UTF8);
        return new Vector(ParseReq(Read(".req")), Read(".creq"), Read(".sts"), Read(".authz").Trim());
    }

    /// <summary>The suite's .req format: request line (the target may contain spaces), header lines, blank line, body.</summary>
    private static SignableRequest ParseReq(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var first = lines[0];
        string method = first[..first.IndexOf(' ')];
        string target = first[(method.Length + 1)..first.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var headers = new List<KeyValuePair<string, string>>();
        int i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            int colon = lines[i].IndexOf(':');
            headers.Add(new(lines[i][..colon], lines[i][(colon + 1)..]));
        }
        string body = i + 1 < lines.Length ? string.Join("\n", lines.Skip(i + 1)) : "";
        return SignableRequest.FromRequestTarget(method, target, headers, Encoding.UTF8.GetBytes(body));
    }
}
