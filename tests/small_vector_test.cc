// tests/small_vector_test.cc — model::SmallVector behaves as std::vector: the same random
// sequence of operations on both leaves the same elements, whether they sit inline or on the heap.
// The elements are strings long enough to own heap memory, so a missed destructor, a double
// destruction or a read of a moved-from slot is AddressSanitizer's or LeakSanitizer's to report.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define KSFUZZ_TEST_ASAN 1
#endif
#endif

#include "model/sd/acl.h"
#include "model/sd/small_vector.h"

namespace {

constexpr std::size_t kInline = 3;

// Element n: for strings, one past the small-string buffer, so that it owns a heap block; bytes
// take the copies of trivially copyable elements.
template <typename T>
T element(int n) {
  if constexpr (std::is_same_v<T, std::string>)
    return "element " + std::to_string(n) + " with heap storage of its own";
  else
    return static_cast<T>(n);
}

template <typename Small, typename Reference>
void expect_same(const Small& s, const Reference& r) {
  RC_ASSERT(s.size() == r.size());
  RC_ASSERT(s.empty() == r.empty());
  RC_ASSERT(s.capacity() >= s.size());
  RC_ASSERT(Reference(s.begin(), s.end()) == r);
}

// Applies operation `op` (with argument `n`) to both.
template <typename Small, typename Reference>
void apply(int op, int n, Small& s, Reference& r) {
  using T = typename Small::value_type;
  const std::size_t at = r.empty() ? 0 : static_cast<std::size_t>(n) % (r.size() + 1);
  switch (op) {
    case 0: s.push_back(element<T>(n)); r.push_back(element<T>(n)); break;
    case 1:  // an element of its own, which may move when the storage grows
      if (!r.empty()) { s.push_back(s[at % s.size()]); r.push_back(r[at % r.size()]); }
      break;
    case 2: s.emplace_back(element<T>(3)); r.emplace_back(element<T>(3)); break;
    case 3: s.insert(s.begin() + at, element<T>(n)); r.insert(r.begin() + at, element<T>(n)); break;
    case 4:
      if (at < r.size()) { s.erase(s.begin() + at); r.erase(r.begin() + at); }
      break;
    case 5: {
      const std::size_t to = static_cast<std::size_t>(n) % 9;
      s.resize(to); r.resize(to);
      break;
    }
    case 6: {
      const std::size_t to = static_cast<std::size_t>(n) % 9;
      s.resize(to, element<T>(n)); r.resize(to, element<T>(n));
      break;
    }
    case 7: {
      const Reference from(static_cast<std::size_t>(n) % 8, element<T>(n));
      s.assign(from.begin(), from.end()); r.assign(from.begin(), from.end());
      break;
    }
    case 8: {  // copy construction and assignment, over inline and heap storage alike
      Small copy(s);
      Small other{element<T>(n)};
      other = copy;
      s = other;
      break;
    }
    case 9: {  // move construction and assignment leave the source empty and usable
      Small moved(std::move(s));
      s = Small{};
      s = std::move(moved);
      RC_ASSERT(moved.empty());
      moved.push_back(element<T>(n));
      break;
    }
    case 10:
      if (!r.empty()) { s.pop_back(); r.pop_back(); }
      break;
    case 11: s.clear(); r.clear(); break;
    case 12: {
      const Reference from(static_cast<std::size_t>(n) % 5, element<T>(-n));
      s.insert(s.begin() + at, from.begin(), from.end());
      r.insert(r.begin() + static_cast<std::ptrdiff_t>(at), from.begin(), from.end());
      break;
    }
    case 13:
      if (at < r.size()) {
        const std::size_t last = std::min(r.size(), at + static_cast<std::size_t>(n) % 4);
        s.erase(s.begin() + at, s.begin() + last);
        r.erase(r.begin() + at, r.begin() + last);
      }
      break;
    case 14: s.reserve(static_cast<std::size_t>(n) % 20); break;
    case 15: {
      Small filled(static_cast<std::size_t>(n) % 7, element<T>(n));
      s = std::move(filled);
      r.assign(static_cast<std::size_t>(n) % 7, element<T>(n));
      break;
    }
  }
}

template <typename T>
void behaves_as_std_vector() {
  using Small = model::SmallVector<T, kInline>;
  using Reference = std::vector<T>;
  const auto ops = *rc::gen::container<std::vector<std::pair<int, int>>>(
      rc::gen::pair(rc::gen::inRange(0, 16), rc::gen::inRange(0, 1000)));
  Small s;
  Reference r;
  for (const auto& [op, n] : ops) {
    apply(op, n, s, r);
    expect_same(s, r);
  }
  const Small copy = s;
  RC_ASSERT(copy == s);
  if (!r.empty()) {
    Small changed = s;
    changed.back() = element<T>(1001);
    RC_ASSERT((changed == s) == (s.back() == element<T>(1001)));
  }
}

RC_GTEST_PROP(SmallVector, BehavesAsStdVector, ()) { behaves_as_std_vector<std::string>(); }
RC_GTEST_PROP(SmallVector, OfBytesBehavesAsStdVector, ()) { behaves_as_std_vector<std::uint8_t>(); }

TEST(SmallVector, KeepsUpToItsInlineCapacityInsideItself) {
  model::SmallVector<std::string, kInline> s;
  for (std::size_t i = 0; i < kInline; ++i) s.push_back(element<std::string>(static_cast<int>(i)));
  const auto* inside = reinterpret_cast<const unsigned char*>(&s);
  const auto* first = reinterpret_cast<const unsigned char*>(s.data());
  EXPECT_TRUE(first >= inside && first < inside + sizeof s) << "the first elements are inline";
  s.push_back(element<std::string>(99));
  first = reinterpret_cast<const unsigned char*>(s.data());
  EXPECT_FALSE(first >= inside && first < inside + sizeof s) << "one more goes to the heap";
  EXPECT_EQ(s.back(), element<std::string>(99));
}

TEST(SmallVector, AnAclOfEightAcesCopiesWithoutTheHeap) {
  model::Acl acl;
  acl.aces.resize(model::Aces::inline_capacity);
  for (auto& ace : acl.aces) ace.data.assign(decltype(ace.data)::inline_capacity, 0xAB);
  const model::Acl copy = acl;
  const auto* inside = reinterpret_cast<const unsigned char*>(&copy);
  for (const auto& ace : copy.aces) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(ace.data.data());
    EXPECT_TRUE(bytes >= inside && bytes < inside + sizeof copy);
  }
  EXPECT_EQ(copy, acl);
}

// A heap block given back waits, poisoned, for the next vector of its size class
// (model/sd/block_cache.h): libFuzzer sees no allocation, AddressSanitizer still sees a use of it.
TEST(SmallVector, AHeapBlockGivenBackIsPoisonedAndTakenAgain) {
  const void* block = nullptr;
  {
    model::SmallVector<std::uint8_t, 8> bytes(300, 0x5A);
    block = bytes.data();
    EXPECT_GE(bytes.capacity(), 300u);
#if KSFUZZ_TEST_ASAN
    EXPECT_FALSE(__asan_address_is_poisoned(block));
#endif
  }
#if KSFUZZ_TEST_ASAN
  EXPECT_TRUE(__asan_address_is_poisoned(block)) << "a kept block is poisoned";
#endif
  model::SmallVector<std::uint8_t, 8> again(260, 0);  // the same size class (512 bytes)
  EXPECT_EQ(static_cast<const void*>(again.data()), block) << "the kept block is taken again";
  EXPECT_EQ(again[259], 0);
#if KSFUZZ_TEST_ASAN
  EXPECT_FALSE(__asan_address_is_poisoned(again.data() + again.capacity() - 1)) << "all of it usable again";
#endif
}

}  // namespace
