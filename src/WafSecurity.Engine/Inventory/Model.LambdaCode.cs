using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class LambdaFunction
    {
        /// <summary>
        /// The secret scan of the function's code package: lambda/CodeScan/&lt;FunctionName&gt;.json (written by the live
        /// collector), or the scan of lambda/GetFunction/&lt;FunctionName&gt;.zip placed by the operator. NotCollected when
        /// neither is there (code scanning is opt-in); Failed when GetFunction or the download failed; Absent for Image
        /// packages (nothing to download).
        /// </summary>
        public Fetched<CodeScanResult> CodeScan { get; set; } = Fetched<CodeScanResult>.Absent();
    }
}
