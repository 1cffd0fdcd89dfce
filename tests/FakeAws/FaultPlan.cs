using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WafSecurity.FakeAws;

/// <summary>
/// What the proxy does to the traffic. JSON (camelCase), e.g.
/// <code>{ "seed": 7, "latencyMs": 20,
///   "faults": [ { "throttlePercent": 20, "serverErrorPercent": 5, "dropPercent": 1 },
///               { "services": ["lambda"], "operations": ["GetPolicy"], "accessDenied": true } ],
///   "rateLimits": { "enabled": true, "scale": 10 } }</code>
/// Order for each request: signature check, latency, rate limit of its API group, then the fault rules in order
/// (the first rule that produces a fault wins; each rule with percentages draws once from the seeded generator).
/// </summary>
public sealed class FaultPlan
{
    /// <summary>Seed of the generator behind the percentage faults (same seed, same sequence of draws).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Recompute every request's SigV4 signature and reject mismatches with the protocol's error.</summary>
    public bool VerifySignatures { get; set; } = true;

    /// <summary>Known test credentials. Default: AWS's documentation example key pair and moto's "testing"/"testing".</summary>
    public List<CredentialEntry> Credentials { get; set; } =
    [
        new() { AccessKeyId = "AKIDEXAMPLE", SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
        new() { AccessKeyId = "testing", SecretAccessKey = "testing" },
    ];

    /// <summary>Allowed distance between X-Amz-Date and now (AWS: 15 minutes).</summary>
    public int MaxClockSkewSeconds { get; set; } = 900;

    /// <summary>Added to every proxied request (control endpoints excluded).</summary>
    public int LatencyMs { get; set; }

    /// <summary>Principal named in AccessDenied messages.</summary>
    public string PrincipalArn { get; set; } = "arn:aws:iam::123456789012:user/waf-audit";

    public List<FaultRule> Faults { get; set; } = [];

    /// <summary>
    /// Answer the operations moto 5.2.1 lacks (iam Generate/GetServiceLastAccessedDetails, backup ListProtectedResources)
    /// here instead of forwarding them: an emulation for the benchmark (<see cref="MotoGapEmulation"/>). Default off.
    /// </summary>
    public bool EmulateMotoGaps { get; set; }

    public RateLimitPlan RateLimits { get; set; } = new();

    public static FaultPlan Parse(string json) =>
        JsonSerializer.Deserialize<FaultPlan>(json, JsonOptions) ?? throw new InvalidDataException("The fault plan is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

public sealed class CredentialEntry
{
    public string AccessKeyId { get; set; } = "";
    public string SecretAccessKey { get; set; } = "";
}

public enum DropMode { Before, Mid, Random }

/// <summary>One rule: which requests it applies to and what it does to them.</summary>
public sealed class FaultRule
{
    /// <summary>Service ids (lambda, apigateway, apigatewayv2, secretsmanager, logs, stepfunctions, dynamodb, kms, iam, sts) or "*".</summary>
    public List<string> Services { get; set; } = ["*"];

    /// <summary>Operation names as in the API reference (GetPolicy, ListSecrets, ...) or "*".</summary>
    public List<string> Operations { get; set; } = ["*"];

    /// <summary>Regions (signing regions) or "*".</summary>
    public List<string> Regions { get; set; } = ["*"];

    /// <summary>Every matching request gets the protocol's AccessDenied error.</summary>
    public bool AccessDenied { get; set; }

    public double ThrottlePercent { get; set; }

    public double ServerErrorPercent { get; set; }

    /// <summary>Statuses the server errors take, chosen with the seeded generator (default 500 and 503).</summary>
    public List<int> ServerErrorStatuses { get; set; } = [500, 503];

    public double DropPercent { get; set; }

    /// <summary>Before: the connection is closed before any response byte (the request is not forwarded).
    /// Mid: the request is forwarded, the status line, headers and half of the body are sent, then the connection is
    /// closed. Random: either, chosen with the seeded generator.</summary>
    public DropMode DropMode { get; set; } = DropMode.Random;

    /// <summary>Extra latency for matching requests.</summary>
    public int LatencyMs { get; set; }

    public bool Matches(AwsOperation op) =>
        (Services.Contains("*") || Services.Contains(op.Service, StringComparer.OrdinalIgnoreCase))
        && (Operations.Contains("*") || Operations.Contains(op.Operation, StringComparer.OrdinalIgnoreCase))
        && (Regions.Contains("*") || Regions.Contains(op.Region, StringComparer.OrdinalIgnoreCase));
}

public sealed class RateLimitPlan
{
    /// <summary>Enforce the group rates (token buckets per group, access key and region). When off, calls are still
    /// counted per group and the max-rate report still works.</summary>
    public bool Enabled { get; set; }

    /// <summary>Multiplies every group's rate and burst (10 = ten times AWS's documented rates).</summary>
    public double Scale { get; set; } = 1;

    /// <summary>Groups in match order; null = the defaults in Data/default-rate-limits.json.</summary>
    public List<RateGroup>? Groups { get; set; }

    public IReadOnlyList<RateGroup> EffectiveGroups() => Groups ?? RateGroup.Defaults();
}

public sealed class RateGroup
{
    public string Name { get; set; } = "";
    public List<string> Services { get; set; } = ["*"];
    public List<string> Operations { get; set; } = ["*"];

    /// <summary>Documented sustained rate per second; null = never throttled (counted only).</summary>
    public double? RatePerSecond { get; set; }

    /// <summary>Bucket size; default one second's worth of the rate.</summary>
    public double? Burst { get; set; }

    public string? Source { get; set; }

    public bool Matches(AwsOperation op) =>
        (Services.Contains("*") || Services.Contains(op.Service, StringComparer.OrdinalIgnoreCase))
        && (Operations.Contains("*") || Operations.Contains(op.Operation, StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyList<RateGroup> Defaults()
    {
        using var stream = typeof(RateGroup).Assembly.GetManifestResourceStream("WafSecurity.FakeAws.default-rate-limits.json")
            ?? throw new InvalidOperationException("default-rate-limits.json resource missing");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("groups").Deserialize<List<RateGroup>>(FaultPlan.JsonOptions)!;
    }
}
