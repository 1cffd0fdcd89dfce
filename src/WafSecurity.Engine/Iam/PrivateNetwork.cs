using System;
using System.Net;
using System.Net.Sockets;

namespace WafSecurity.Engine.Iam
{
    /// <summary>
    /// Whether an aws:SourceIp value names only non-routable addresses: RFC 1918, loopback, link-local, IPv6 ULA
    /// (fc00::/7), IPv6 loopback and link-local. Documentation and shared (CGNAT) ranges are NOT private here: they
    /// are not ours to vouch for, and Python's wider "is_private" (which Prowler uses) would let them restrict.
    /// </summary>
    public static class PrivateNetwork
    {
        private static readonly (IPAddress Network, int Prefix)[] PrivateRanges =
        {
            (IPAddress.Parse("10.0.0.0"), 8),
            (IPAddress.Parse("172.16.0.0"), 12),
            (IPAddress.Parse("192.168.0.0"), 16),
            (IPAddress.Parse("127.0.0.0"), 8),
            (IPAddress.Parse("169.254.0.0"), 16),
            (IPAddress.Parse("fc00::"), 7),
            (IPAddress.Parse("::1"), 128),
            (IPAddress.Parse("fe80::"), 10),
        };

        /// <summary>True when the CIDR (or bare address) lies wholly inside one private range.</summary>
        public static bool IsPrivateCidr(string value)
        {
            if (!TryParseCidr(value, out var address, out var prefix)) return false;
            if (address.IsIPv4MappedToIPv6) { address = address.MapToIPv4(); prefix = Math.Max(0, prefix - 96); }
            foreach (var (network, rangePrefix) in PrivateRanges)
                if (network.AddressFamily == address.AddressFamily && prefix >= rangePrefix && SamePrefix(network, address, rangePrefix))
                    return true;
            return false;
        }

        public static bool TryParseCidr(string value, out IPAddress address, out int prefix)
        {
            address = IPAddress.None;
            prefix = 0;
            if (string.IsNullOrWhiteSpace(value)) return false;
            var text = value.Trim();
            var slash = text.IndexOf('/');
            var addressText = slash < 0 ? text : text.Substring(0, slash);
            if (!IPAddress.TryParse(addressText, out var parsed) || parsed == null) return false;
            var maxPrefix = parsed.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (slash < 0) prefix = maxPrefix;
            else if (!int.TryParse(text.Substring(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix)
                     || prefix > maxPrefix) return false;
            address = parsed;
            return true;
        }

        private static bool SamePrefix(IPAddress a, IPAddress b, int prefix)
        {
            var x = a.GetAddressBytes();
            var y = b.GetAddressBytes();
            var fullBytes = prefix / 8;
            for (var i = 0; i < fullBytes; i++)
                if (x[i] != y[i]) return false;
            var remainingBits = prefix % 8;
            if (remainingBits == 0) return true;
            var mask = (byte)(0xFF << (8 - remainingBits));
            return (x[fullBytes] & mask) == (y[fullBytes] & mask);
        }
    }
}
