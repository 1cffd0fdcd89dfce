using System;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Tests.Inventory
{
    public class AwsTimestampTests
    {
        [Theory]
        [InlineData("2026-01-05T10:00:00Z")]
        [InlineData("2026-01-05T10:00:00.000Z")]
        [InlineData("2026-01-05T10:00:00.000+0000")]
        [InlineData("2026-01-05T11:00:00+01:00")]
        [InlineData("2026-01-05T10:00:00.123456+00:00")]
        [InlineData("1767607200")]
        [InlineData("1767607200.0")]
        public void Parse_EveryCliForm_GivesTheSameInstant(string text)
        {
            var parsed = AwsTimestamp.Parse(text);
            Assert.NotNull(parsed);
            Assert.True(Math.Abs((parsed!.Value - new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero)).TotalSeconds) < 1, parsed.ToString());
        }

        [Theory]
        [InlineData("")]
        [InlineData("yesterday")]
        public void Parse_NotATimestamp_IsNull(string text) => Assert.Null(AwsTimestamp.Parse(text));

        [Theory]
        [InlineData("app/db-password", "app%2Fdb-password")]
        [InlineData("plain.Name_1-x", "plain.Name_1-x")]
        [InlineData("naïve key", "na%C3%AFve%20key")]
        public void SnapshotKey_EscapeAndUnescape_RoundTrip(string key, string escaped)
        {
            Assert.Equal(escaped, SnapshotKey.Escape(key));
            Assert.Equal(key, SnapshotKey.Unescape(escaped));
        }
    }
}
