// model/sd/block_cache.cc — SmallVector's heap blocks, kept per size class between uses.
#include "model/sd/block_cache.h"

#include <algorithm>
#include <bit>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KSFUZZ_MODEL_ASAN 1
#endif
#endif
#if defined(KSFUZZ_MODEL_ASAN) || defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace model::detail {
namespace {

constexpr unsigned kSmallestShift = 5;  // 32 bytes
constexpr unsigned kLargestShift = 16;  // 64 KiB: larger blocks go straight back to the heap
constexpr std::size_t kKeptPerClass = 16;

struct SizeClass {
  void* blocks[kKeptPerClass];
  std::size_t count;
};
// One thread's blocks (ksfuzz runs one thread; another would keep its own). Trivially destructible:
// the blocks still kept at exit are reachable from here, so LeakSanitizer does not count them.
thread_local SizeClass g_classes[kLargestShift + 1];

unsigned shift_of(std::size_t bytes) {
  if (bytes <= (std::size_t{1} << kSmallestShift)) return kSmallestShift;
  return static_cast<unsigned>(std::bit_width(bytes - 1));
}

void* heap_block(std::size_t bytes) { return ::operator new(bytes, std::align_val_t{kBlockAlign}); }

}  // namespace

void* take_block(std::size_t& bytes) {
  if (bytes > (std::size_t{1} << kLargestShift)) return heap_block(bytes);
  unsigned shift = shift_of(bytes);
  bytes = std::size_t{1} << shift;
  SizeClass& c = g_classes[shift];
  if (c.count == 0) return heap_block(bytes);
  void* block = c.blocks[--c.count];
  UNPOISON(block, bytes);
  return block;
}

void give_block(void* block, std::size_t bytes) noexcept {
  if (bytes <= (std::size_t{1} << kLargestShift)) {
    SizeClass& c = g_classes[shift_of(bytes)];
    if (c.count < kKeptPerClass) {
      POISON(block, bytes);
      c.blocks[c.count++] = block;
      return;
    }
  }
  ::operator delete(block, std::align_val_t{kBlockAlign});
}

}  // namespace model::detail
