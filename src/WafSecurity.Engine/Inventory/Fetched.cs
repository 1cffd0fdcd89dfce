using System;

namespace WafSecurity.Engine.Inventory
{
    public enum FetchState
    {
        /// <summary>The call answered and the answer was read.</summary>
        Ok,
        /// <summary>The call reported "not found" or had nothing to return (e.g. a function without a resource policy).</summary>
        Absent,
        /// <summary>The call failed (an .error.json) or its answer could not be read.</summary>
        Failed,
        /// <summary>The call was not made: rules that need it cannot decide and must say Error.</summary>
        NotCollected,
    }

    /// <summary>What a failed or missing call was, so a rule can name the AWS error code and the IAM action needed.</summary>
    public sealed class CallError
    {
        public CallError(string code, string message, string operation, string iamAction, string? source, int? httpStatus = null)
        {
            Code = code; Message = message; Operation = operation; IamAction = iamAction; Source = source; HttpStatus = httpStatus;
        }

        /// <summary>The AWS error code (AccessDeniedException, ...) or one of ours (MalformedJson, InvalidShape, NotCollected, InvalidPolicy).</summary>
        public string Code { get; }
        public string Message { get; }
        /// <summary>The operation, as "lambda GetPolicy".</summary>
        public string Operation { get; }
        /// <summary>The IAM action the call needs, as "lambda:GetPolicy".</summary>
        public string IamAction { get; }
        /// <summary>The snapshot file, when the data came from one.</summary>
        public string? Source { get; }
        public int? HttpStatus { get; }

        public string Describe() => $"{Operation} failed with {Code}: {Message} (needs IAM action {IamAction})";
    }

    /// <summary>The outcome of one AWS call as recorded: a value, nothing, a failure, or not collected.</summary>
    public sealed class Fetched<T> where T : class
    {
        private Fetched(FetchState state, T? value, CallError? error) { State = state; Value = value; Error = error; }

        public FetchState State { get; }
        public T? Value { get; }
        public CallError? Error { get; }

        public bool IsOk => State == FetchState.Ok;

        public static Fetched<T> Ok(T value) => new Fetched<T>(FetchState.Ok, value ?? throw new ArgumentNullException(nameof(value)), null);
        public static Fetched<T> Absent() => new Fetched<T>(FetchState.Absent, null, null);
        public static Fetched<T> Failed(CallError error) => new Fetched<T>(FetchState.Failed, null, error);
        public static Fetched<T> NotCollected(CallError error) => new Fetched<T>(FetchState.NotCollected, null, error);

        public Fetched<TOut> Map<TOut>(Func<T, TOut> map) where TOut : class
        {
            switch (State)
            {
                case FetchState.Ok: return Fetched<TOut>.Ok(map(Value!));
                case FetchState.Absent: return Fetched<TOut>.Absent();
                case FetchState.Failed: return Fetched<TOut>.Failed(Error!);
                default: return Fetched<TOut>.NotCollected(Error!);
            }
        }
    }
}
