using System;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>A document that is valid JSON but not the shape the AWS CLI prints for its operation.</summary>
    public sealed class ShapeException : Exception
    {
        public ShapeException(string message) : base(message) { }
    }
}
