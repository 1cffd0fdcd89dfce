using System.Management.Automation;
using WafSecurity.Engine.Aws;

namespace WafSecurity.Commands
{
    /// <summary>
    /// Lets -Credential take an Amazon.Runtime.AWSCredentials from any AWSSDK.Core load. On PowerShell 7 the parameter type
    /// is the module's private AWSSDK.Core, while objects made in the session (New-AWSCredential, Get-AWSCredential,
    /// [Amazon.Runtime.BasicAWSCredentials]::new() with AWS Tools imported) come from AWS Tools' copy: same type name,
    /// different type. Transformation runs before type conversion, so such an object is bridged here
    /// (AwsSdkIsolation.Adopt) and anything else is left for the binder's usual error.
    /// </summary>
    public sealed class AwsCredentialTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return AwsSdkIsolation.Adopt(value) ?? inputData;
        }
    }
}
