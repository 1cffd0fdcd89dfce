using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace WafSecurity.Engine.Aws
{
    /// <summary>Why a code package could not be fetched. The message never holds the presigned URL.</summary>
    public sealed class CodePackageDownloadException : Exception
    {
        public CodePackageDownloadException(string code, string message, int? httpStatus = null) : base(message) { Code = code; HttpStatus = httpStatus; }
        /// <summary>PackageTooLarge, DownloadTimedOut, DownloadFailed, InsecureLocation.</summary>
        public string Code { get; }
        public int? HttpStatus { get; }
    }

    /// <summary>Fetches a Lambda code package from GetFunction's presigned Code.Location.</summary>
    public interface ICodePackageDownloader
    {
        /// <summary>The package bytes; at most <paramref name="maxBytes"/>, within <paramref name="timeout"/>, or a <see cref="CodePackageDownloadException"/>.</summary>
        Task<byte[]> DownloadAsync(Uri location, long maxBytes, TimeSpan timeout, CancellationToken cancellationToken);
    }

    /// <summary>
    /// HTTPS download with a timeout over the whole transfer and a byte cap checked against Content-Length and while
    /// reading (Prowler's download had neither, and hung or exhausted memory). Plain http is accepted only for loopback
    /// hosts (tests and local fakes): a presigned URL is a credential and never travels in clear text.
    /// </summary>
    public sealed class HttpCodePackageDownloader : ICodePackageDownloader
    {
        public static HttpCodePackageDownloader Shared { get; } = new HttpCodePackageDownloader();

        // One client for the process: the timeout is per download, through a cancellation token.
        private static readonly HttpClient Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

        public async Task<byte[]> DownloadAsync(Uri location, long maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (!location.IsAbsoluteUri || !(location.Scheme == Uri.UriSchemeHttps || (location.Scheme == Uri.UriSchemeHttp && location.IsLoopback)))
                throw new CodePackageDownloadException("InsecureLocation", $"Code.Location is not an https URL (scheme '{(location.IsAbsoluteUri ? location.Scheme : "relative")}'); it was not fetched.");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                using var response = await Client.GetAsync(location, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new CodePackageDownloadException("DownloadFailed", $"the package download answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", (int)response.StatusCode);
                var declared = response.Content.Headers.ContentLength;
                if (declared > maxBytes) throw TooLarge(declared.Value, maxBytes);
                using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                using var buffer = new MemoryStream(declared.HasValue ? (int)declared.Value : 1024 * 1024);
                var chunk = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(chunk, 0, chunk.Length, deadline.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes) throw TooLarge(buffer.Length + read, maxBytes, atLeast: true);
                    buffer.Write(chunk, 0, read);
                }
                return buffer.ToArray();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CodePackageDownloadException("DownloadTimedOut", $"the package download did not finish within {timeout.TotalSeconds:N0} s.");
            }
            catch (HttpRequestException ex)
            {
                // The handler's messages name the host at most; the query string (the signature) is never in them.
                throw new CodePackageDownloadException("DownloadFailed", $"the package download failed: {Scrub(ex.Message, location)}");
            }
            catch (IOException ex)
            {
                throw new CodePackageDownloadException("DownloadFailed", $"the package download failed: {Scrub(ex.Message, location)}");
            }
        }

        private static CodePackageDownloadException TooLarge(long bytes, long maxBytes, bool atLeast = false)
            => new CodePackageDownloadException("PackageTooLarge",
                $"the package is {(atLeast ? "more than " : "")}{bytes} bytes, over MaxCodeBytes {maxBytes}; it was not scanned.");

        private static string Scrub(string message, Uri location)
        {
            var scrubbed = message.Replace(location.AbsoluteUri, "[REDACTED:presigned-url]");
            return location.Query.Length > 1 ? scrubbed.Replace(location.Query, "") : scrubbed;
        }
    }
}
