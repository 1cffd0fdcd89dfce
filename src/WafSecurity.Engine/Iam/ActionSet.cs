using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Iam
{
    /// <summary>
    /// A set of catalog actions as a bit array (22k actions fit in under 3 KiB), so granted, denied and boundary sets of
    /// thousands of roles combine with a few word operations instead of dictionaries of 22k entries each.
    /// </summary>
    public sealed class ActionSet
    {
        private readonly ulong[] _bits;

        public ActionSet(ActionCatalog catalog)
        {
            Catalog = catalog;
            _bits = new ulong[(catalog.AllActions.Count + 63) / 64];
        }

        public ActionCatalog Catalog { get; }

        public static ActionSet All(ActionCatalog catalog)
        {
            var set = new ActionSet(catalog);
            for (var i = 0; i < catalog.AllActions.Count; i++) set.Add(i);
            return set;
        }

        public void Add(int index) => _bits[index >> 6] |= 1UL << (index & 63);
        public void Add(CatalogAction action) => Add(action.Index);
        public bool Contains(int index) => (_bits[index >> 6] & (1UL << (index & 63))) != 0;
        public bool Contains(CatalogAction action) => Contains(action.Index);

        public ActionSet Copy()
        {
            var copy = new ActionSet(Catalog);
            Array.Copy(_bits, copy._bits, _bits.Length);
            return copy;
        }

        public void UnionWith(ActionSet other) { for (var i = 0; i < _bits.Length; i++) _bits[i] |= other._bits[i]; }
        public void IntersectWith(ActionSet other) { for (var i = 0; i < _bits.Length; i++) _bits[i] &= other._bits[i]; }
        public void ExceptWith(ActionSet other) { for (var i = 0; i < _bits.Length; i++) _bits[i] &= ~other._bits[i]; }

        public int Count
        {
            get
            {
                var count = 0;
                foreach (var word in _bits)
                {
                    var w = word;
                    while (w != 0) { w &= w - 1; count++; }
                }
                return count;
            }
        }

        public bool IsEmpty
        {
            get
            {
                foreach (var word in _bits) if (word != 0) return false;
                return true;
            }
        }

        public IEnumerable<CatalogAction> Actions()
        {
            for (var i = 0; i < _bits.Length; i++)
            {
                var word = _bits[i];
                while (word != 0)
                {
                    var bit = TrailingZeros(word);
                    yield return Catalog.AllActions[i * 64 + bit];
                    word &= word - 1;
                }
            }
        }

        private static int TrailingZeros(ulong value)
        {
            var count = 0;
            while ((value & 1) == 0) { value >>= 1; count++; }
            return count;
        }
    }
}
