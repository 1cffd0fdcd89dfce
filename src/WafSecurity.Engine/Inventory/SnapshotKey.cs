using System;
using System.Text;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>
    /// File-name keys (snapshot-format.md): every character outside [A-Za-z0-9._-] is written as %XX, upper-case hex
    /// of its UTF-8 bytes. '@' separates a Lambda qualifier and is never escaped there.
    /// </summary>
    public static class SnapshotKey
    {
        public static string Escape(string key)
        {
            var builder = new StringBuilder(key.Length);
            foreach (var b in Encoding.UTF8.GetBytes(key))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
                    builder.Append(c);
                else
                    builder.Append('%').Append(b.ToString("X2"));
            }
            return builder.ToString();
        }

        /// <summary>The file-name key of a Lambda function, or of one of its qualifiers.</summary>
        public static string EscapeQualified(string functionName, string? qualifier)
            => qualifier == null ? Escape(functionName) : Escape(functionName) + "@" + Escape(qualifier);

        public static string Unescape(string fileKey)
        {
            if (fileKey.IndexOf('%') < 0) return fileKey;
            var bytes = new System.Collections.Generic.List<byte>(fileKey.Length);
            for (var i = 0; i < fileKey.Length; i++)
            {
                if (fileKey[i] == '%' && i + 2 < fileKey.Length && IsHex(fileKey[i + 1]) && IsHex(fileKey[i + 2]))
                {
                    bytes.Add(Convert.ToByte(fileKey.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else bytes.AddRange(Encoding.UTF8.GetBytes(fileKey[i].ToString()));
            }
            return Encoding.UTF8.GetString(bytes.ToArray());
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
