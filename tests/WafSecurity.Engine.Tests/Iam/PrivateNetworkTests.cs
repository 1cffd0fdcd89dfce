using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Tests.Iam
{
    public class PrivateNetworkTests
    {
        [Theory]
        [InlineData("10.1.2.0/24", true)]
        [InlineData("10.0.0.0/8", true)]
        [InlineData("172.31.255.255", true)]
        [InlineData("192.168.0.0/16", true)]
        [InlineData("127.0.0.0/8", true)]
        [InlineData("169.254.0.0/16", true)]
        [InlineData("fc00::/7", true)]
        [InlineData("fd12:3456::/48", true)]
        [InlineData("::1", true)]
        [InlineData("fe80::1/128", true)]
        [InlineData("::ffff:10.0.0.1/128", true)]
        [InlineData("0.0.0.0/0", false)]
        [InlineData("10.0.0.0/7", false)]
        [InlineData("172.32.0.0/16", false)]
        [InlineData("192.0.2.0/24", false)]
        [InlineData("100.64.0.0/10", false)]
        [InlineData("8.8.8.8", false)]
        [InlineData("2001:db8::/32", false)]
        [InlineData("::/0", false)]
        [InlineData("not-an-ip", false)]
        [InlineData("10.0.0.0/33", false)]
        [InlineData("", false)]
        public void IsPrivateCidr_Range_MatchesRfc1918LoopbackLinkLocalAndUla(string value, bool expected)
            => Assert.Equal(expected, PrivateNetwork.IsPrivateCidr(value));
    }
}
