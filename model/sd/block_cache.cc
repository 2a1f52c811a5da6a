// model/sd/block_cache.cc — SmallVector's heap blocks, kept per size class between uses.
#include "model/sd/block_cache.h"

#include <sanitizer/asan_interface.h>  // its (UN)POISON macros are no-ops without AddressSanitizer

#include <bit>
#include <new>

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
  ASAN_UNPOISON_MEMORY_REGION(block, bytes);
  return block;
}

void give_block(void* block, std::size_t bytes) noexcept {
  if (bytes <= (std::size_t{1} << kLargestShift)) {
    SizeClass& c = g_classes[shift_of(bytes)];
    if (c.count < kKeptPerClass) {
      ASAN_POISON_MEMORY_REGION(block, bytes);
      c.blocks[c.count++] = block;
      return;
    }
  }
  ::operator delete(block, std::align_val_t{kBlockAlign});
}

}  // namespace model::detail
