using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Text;

namespace WafSecurity.FakeAws;

/// <summary>
/// Answers, in place of moto_server, the few operations moto 5.2.1 does not implement and the collector calls, so the
/// benchmark's instrument measures the collector rather than moto's gaps. An emulation, not moto: the answers are
/// plausible and parse with botocore, nothing more (README.md, "Emulated moto gaps"). Only with
/// <see cref="FaultPlan.EmulateMotoGaps"/> (--emulate-moto-gaps); off by default, so tests against moto see its real answers.
/// <list type="bullet">
/// <item>iam GenerateServiceLastAccessedDetails (moto: 500): a JobId, remembered with the Arn it was asked for.</item>
/// <item>iam GetServiceLastAccessedDetails (moto: 500): COMPLETED at once, with three services (two used by the entity,
/// one never); an unknown JobId is NoSuchEntity, as IAM answers.</item>
/// <item>backup ListProtectedResources (moto: 404): no protected resources, <c>{"Results": []}</c>.</item>
/// </list>
/// Requests pass the signature check, the latency, the rate limits and the fault rules first, as forwarded ones do.
/// </summary>
public sealed class MotoGapEmulation
{
    private const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
    private readonly ConcurrentDictionary<string, (string Arn, string Granularity, DateTime Created)> _jobs = new(StringComparer.Ordinal);

    /// <summary>The operations emulated, as service:Operation.</summary>
    public static readonly IReadOnlyList<string> Operations =
        ["iam:GenerateServiceLastAccessedDetails", "iam:GetServiceLastAccessedDetails", "backup:ListProtectedResources"];

    public static bool Handles(AwsOperation op) => Operations.Contains($"{op.Service}:{op.Operation}", StringComparer.Ordinal);

    /// <summary>The emulated answer, or null when the operation is not one of <see cref="Operations"/>.</summary>
    public FakeResponse? TryAnswer(AwsOperation op, string rawQuery, byte[] body)
    {
        switch (op.Service, op.Operation)
        {
            case ("iam", "GenerateServiceLastAccessedDetails"):
            {
                var form = Form(rawQuery, body);
                if (!form.TryGetValue("Arn", out var arn) || arn.Length == 0)
                    return QueryError(400, "Sender", "ValidationError", "1 validation error detected: Value null at 'arn' failed to satisfy constraint: Member must not be null");
                var jobId = Guid.NewGuid().ToString();
                _jobs[jobId] = (arn, form.TryGetValue("Granularity", out var g) && g.Length > 0 ? g : "SERVICE_LEVEL", DateTime.UtcNow);
                return Query("GenerateServiceLastAccessedDetails", $"<JobId>{jobId}</JobId>");
            }
            case ("iam", "GetServiceLastAccessedDetails"):
            {
                var form = Form(rawQuery, body);
                if (!form.TryGetValue("JobId", out var jobId) || !_jobs.TryGetValue(jobId, out var job))
                    return QueryError(404, "Sender", "NoSuchEntity", $"No such job {SecurityElement.Escape(form.GetValueOrDefault("JobId") ?? "")}.");
                return Query("GetServiceLastAccessedDetails", LastAccessedResult(job.Arn, job.Granularity, job.Created));
            }
            case ("backup", "ListProtectedResources"):
                return new FakeResponse(200, [new("x-amzn-RequestId", Guid.NewGuid().ToString()), new("Content-Type", "application/json")],
                    Encoding.UTF8.GetBytes("{\"Results\": []}"));
            default:
                return null;
        }
    }

    private static string LastAccessedResult(string arn, string granularity, DateTime created)
    {
        string Date(DateTime d) => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var region = "us-east-1";
        var used = created.AddDays(-3);
        var entity = SecurityElement.Escape(arn);
        var actionLevel = granularity == "ACTION_LEVEL";
        string Service(string name, string ns, string? action, bool accessed)
        {
            var sb = new StringBuilder("<member>");
            sb.Append($"<ServiceName>{name}</ServiceName><ServiceNamespace>{ns}</ServiceNamespace>");
            if (accessed)
                sb.Append($"<LastAuthenticated>{Date(used)}</LastAuthenticated><LastAuthenticatedEntity>{entity}</LastAuthenticatedEntity>" +
                          $"<LastAuthenticatedRegion>{region}</LastAuthenticatedRegion>");
            sb.Append($"<TotalAuthenticatedEntities>{(accessed ? 1 : 0)}</TotalAuthenticatedEntities>");
            if (actionLevel && action != null)
            {
                sb.Append("<TrackedActionsLastAccessed><member>").Append($"<ActionName>{action}</ActionName>");
                if (accessed)
                    sb.Append($"<LastAccessedEntity>{entity}</LastAccessedEntity><LastAccessedTime>{Date(used)}</LastAccessedTime><LastAccessedRegion>{region}</LastAccessedRegion>");
                sb.Append("</member></TrackedActionsLastAccessed>");
            }
            return sb.Append("</member>").ToString();
        }
        return $"<JobStatus>COMPLETED</JobStatus><JobType>{SecurityElement.Escape(granularity)}</JobType>" +
               $"<JobCreationDate>{Date(created)}</JobCreationDate><JobCompletionDate>{Date(created)}</JobCompletionDate>" +
               "<ServicesLastAccessed>" +
               Service("Amazon CloudWatch Logs", "logs", null, true) +
               Service("Amazon DynamoDB", "dynamodb", "GetItem", true) +
               Service("Amazon S3", "s3", "GetObject", false) +
               "</ServicesLastAccessed><IsTruncated>false</IsTruncated>";
    }

    private static FakeResponse Query(string operation, string result)
    {
        var xml = $"<{operation}Response xmlns=\"{IamNamespace}\">\n  <{operation}Result>{result}</{operation}Result>\n" +
                  $"  <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>\n</{operation}Response>\n";
        return new FakeResponse(200, [new("x-amzn-RequestId", Guid.NewGuid().ToString()), new("Content-Type", "text/xml")], Encoding.UTF8.GetBytes(xml));
    }

    private static FakeResponse QueryError(int status, string type, string code, string message)
    {
        var xml = $"<ErrorResponse xmlns=\"{IamNamespace}\">\n  <Error>\n    <Type>{type}</Type>\n    <Code>{code}</Code>\n    <Message>{SecurityElement.Escape(message)}</Message>\n  </Error>\n" +
                  $"  <RequestId>{Guid.NewGuid()}</RequestId>\n</ErrorResponse>\n";
        return new FakeResponse(status, [new("x-amzn-RequestId", Guid.NewGuid().ToString()), new("Content-Type", "text/xml")], Encoding.UTF8.GetBytes(xml));
    }

    /// <summary>awsQuery parameters: the query string, then the form body.</summary>
    private static Dictionary<string, string> Form(string rawQuery, byte[] body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in (rawQuery + "&" + Encoding.UTF8.GetString(body)).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
            result[Decode(eq < 0 ? part : part[..eq])] = eq < 0 ? "" : Decode(part[(eq + 1)..]);
        }
        return result;
    }
}
