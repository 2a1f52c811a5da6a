// model/sd/block_cache.h — where SmallVector's heap blocks come from and go back to.
//
// A descriptor that outgrows its inline storage (an ACL of many ACEs, a long input) takes a heap
// block. The runner, the oracle and the fuzz target keep their values from run to run, but an
// optional emptied or a variant switched frees such a block and a later run takes a new one: to
// libFuzzer a run that allocated more than it freed, which it runs a second time looking for a
// leak. So a block given back is kept, per power-of-two size class, for the next that asks, and
// poisoned while it waits (AddressSanitizer still stops at a use of it after it was given back).
#pragma once

#include <cstddef>

namespace model::detail {

/// The alignment of every block: enough for any element type of a SmallVector.
inline constexpr std::size_t kBlockAlign = alignof(std::max_align_t);

/// A block of at least `bytes` bytes; `bytes` becomes its size (rounded up to its size class).
void* take_block(std::size_t& bytes);
/// Gives back a block of `bytes` bytes (the size take_block said).
void give_block(void* block, std::size_t bytes) noexcept;

}  // namespace model::detail
