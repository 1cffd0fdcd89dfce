using System;

namespace WafSecurity.Engine.Iam
{
    /// <summary>A document that is not a valid policy. The message says where (a JSON path) and why.</summary>
    public sealed class PolicyParseException : Exception
    {
        public PolicyParseException(string path, string message) : base($"{path}: {message}") { Path = path; }
        public string Path { get; }
    }
}
