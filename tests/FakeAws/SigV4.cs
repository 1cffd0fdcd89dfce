using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace WafSecurity.FakeAws;

/// <summary>An HTTP request as it arrived: the raw request-target (path and query exactly as sent), every header
/// in arrival order (duplicates kept) and the body bytes.</summary>
public sealed record SignableRequest(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public static SignableRequest FromRequestTarget(string method, string requestTarget, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        int q = requestTarget.IndexOf('?');
        return q < 0
            ? new SignableRequest(method, requestTarget, "", headers, body)
            : new SignableRequest(method, requestTarget[..q], requestTarget[(q + 1)..], headers, body);
    }

    /// <summary>All values of a header (case-insensitive name), joined with commas as SigV4 canonicalises them; null when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(",", values);
    }
}

public sealed record SigV4Credentials(string AccessKeyId, string SecretAccessKey);

/// <summary>The parsed <c>Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c> header.</summary>
public sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

    public static SigV4Authorization? Parse(string? header)
    {
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        if (header is null || !header.StartsWith(Algorithm, StringComparison.Ordinal)) return null;
        var parts = header[Algorithm.Length..].Split(',').Select(p => p.Trim()).Where(p => p.Length > 0)
            .Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signed)
            || !parts.TryGetValue("Signature", out var signature)) return null;
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request") return null;
        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], signed.Split(';'), signature);
    }
}

public enum SigV4Failure
{
    None,
    /// <summary>No Authorization header at all.</summary>
    MissingAuthentication,
    /// <summary>An Authorization header that is not a complete SigV4 header, or no X-Amz-Date.</summary>
    IncompleteSignature,
    /// <summary>The access key is not one of the known test credentials.</summary>
    UnknownAccessKey,
    /// <summary>The recomputed signature differs (any part of the request was altered, or the wrong secret was used).</summary>
    SignatureMismatch,
    /// <summary>X-Amz-Date is further from now than the allowed skew (AWS allows 15 minutes).</summary>
    SignatureExpired,
}

public sealed record SigV4Result(SigV4Failure Failure, string Message, SigV4Authorization? Authorization, string? CanonicalRequest = null, string? StringToSign = null)
{
    public bool IsValid => Failure == SigV4Failure.None;
}

/// <summary>
/// Signature Version 4 written from the AWS specification, independently of AWSSDK.Core, so that it can judge the
/// signatures the SDK produces. Rules (checked by the AWS test suite in TestVectors/):
/// canonical URI = the path as sent, dot segments and empty segments removed, each segment URI-encoded again
/// (non-S3 services encode twice: once on the wire, once here); canonical query = each name and value
/// percent-decoded then RFC 3986 encoded, sorted by name then value; canonical headers = lower-case names of the
/// signed headers, values trimmed with inner runs of spaces collapsed, duplicates joined by commas.
/// </summary>
public static class SigV4
{
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string CanonicalUri(string rawPath)
    {
        if (rawPath.Length == 0) return "/";
        var kept = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..") { if (kept.Count > 0) kept.RemoveAt(kept.Count - 1); continue; }
            kept.Add(segment);
        }
        var uri = "/" + string.Join("/", kept.Select(s => UriEncode(Encoding.UTF8.GetBytes(s))));
        if (kept.Count > 0 && rawPath.EndsWith('/')) uri += "/";
        return uri;
    }

    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery)) return "";
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0) continue;
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((UriEncode(PercentDecode(key)), UriEncode(PercentDecode(value))));
        }
        return string.Join("&", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    public static string CanonicalHeaderValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        bool space = false;
        foreach (char c in value.Trim())
        {
            if (c == ' ' || c == '\t') { space = true; continue; }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static string CanonicalRequest(SignableRequest request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var sb = new StringBuilder();
        sb.Append(request.Method.ToUpperInvariant()).Append('\n');
        sb.Append(CanonicalUri(request.RawPath)).Append('\n');
        sb.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                .Select(h => CanonicalHeaderValue(h.Value));
            sb.Append(name.ToLowerInvariant()).Append(':').Append(string.Join(",", values)).Append('\n');
        }
        sb.Append('\n');
        sb.Append(string.Join(";", signedHeaders.Select(h => h.ToLowerInvariant()))).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        foreach (var part in new[] { date, region, service, "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        return key;
    }

    public static string Signature(string secretAccessKey, SigV4Authorization auth, string stringToSign) =>
        Hex(HMACSHA256.HashData(SigningKey(secretAccessKey, auth.Date, auth.Region, auth.Service), Encoding.UTF8.GetBytes(stringToSign)));

    public static string PayloadHash(byte[] body) => Hex(SHA256.HashData(body));

    public static string UriEncode(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~')
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static byte[] PercentDecode(string s)
    {
        var input = Encoding.UTF8.GetBytes(s);
        var output = new List<byte>(input.Length);
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i] == '%' && i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
            {
                output.Add(byte.Parse(Encoding.ASCII.GetString(input, i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else output.Add(input[i]);
        }
        return output.ToArray();
    }

    private static bool IsHex(byte b) => (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}

/// <summary>Verifies requests against a set of known test credentials, as an AWS endpoint would.</summary>
public sealed class SigV4Verifier
{
    private readonly Dictionary<string, string> _secrets;
    private readonly TimeSpan _maxSkew;
    private readonly Func<DateTimeOffset> _clock;

    public SigV4Verifier(IEnumerable<SigV4Credentials> credentials, TimeSpan maxSkew, Func<DateTimeOffset>? clock = null)
    {
        _secrets = credentials.GroupBy(c => c.AccessKeyId).ToDictionary(g => g.Key, g => g.Last().SecretAccessKey, StringComparer.Ordinal);
        _maxSkew = maxSkew;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public SigV4Result Verify(SignableRequest request)
    {
        var header = request.Header("Authorization");
        if (header is null) return new SigV4Result(SigV4Failure.MissingAuthentication, "Missing Authentication Token", null);
        var auth = SigV4Authorization.Parse(header);
        if (auth is null)
            return new SigV4Result(SigV4Failure.IncompleteSignature, $"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters with the AWS4-HMAC-SHA256 algorithm. Authorization={header}", null);
        var amzDate = request.Header("X-Amz-Date");
        if (amzDate is null || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            return new SigV4Result(SigV4Failure.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", auth);
        if (!auth.SignedHeaders.Contains("host", StringComparer.Ordinal))
            return new SigV4Result(SigV4Failure.IncompleteSignature, "'Host' must be a signed header.", auth);
        if (auth.Date != amzDate[..8])
            return new SigV4Result(SigV4Failure.SignatureMismatch, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.Date}' != '{amzDate[..8]}'", auth);
        if (!_secrets.TryGetValue(auth.AccessKeyId, out var secret))
            return new SigV4Result(SigV4Failure.UnknownAccessKey, "The security token included in the request is invalid.", auth);

        var now = _clock();
        if ((now - signedAt).Duration() > _maxSkew)
            return new SigV4Result(SigV4Failure.SignatureExpired,
                $"Signature expired: {amzDate} is now earlier than {now.Subtract(_maxSkew):yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - {_maxSkew.TotalMinutes} min.)", auth);

        string payloadHash = SigV4.PayloadHash(request.Body);
        var declared = request.Header("X-Amz-Content-SHA256");
        if (declared is not null && declared != "UNSIGNED-PAYLOAD" && !string.Equals(declared, payloadHash, StringComparison.OrdinalIgnoreCase))
            return new SigV4Result(SigV4Failure.SignatureMismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.", auth);

        var creq = SigV4.CanonicalRequest(request, auth.SignedHeaders, payloadHash);
        var sts = SigV4.StringToSign(amzDate, auth.Scope, creq);
        var expected = SigV4.Signature(secret, auth, sts);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
            return new SigV4Result(SigV4Failure.SignatureMismatch,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                auth, creq, sts);
        return new SigV4Result(SigV4Failure.None, "", auth, creq, sts);
    }
}
