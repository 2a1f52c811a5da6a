// model/sd/small_vector.h — a vector that keeps its first N elements inside itself.
//
// A descriptor's ACL holds a handful of ACEs and an ACE a few bytes of application data or
// padding. With std::vector, every copy of a descriptor (the model's steps, the oracle's worlds)
// and every decode over one went to the heap for each of them; with this, only an ACL of more
// than N ACEs or an ACE with more than N bytes does. It is a std::vector for the rest: contiguous,
// ordered, the same member names, iterators that are pointers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "model/sd/block_cache.h"

namespace model {

template <typename T, std::size_t N>
class SmallVector {
  static_assert(N > 0, "an inline capacity of at least one element");
  static_assert(alignof(T) <= detail::kBlockAlign, "heap blocks (model/sd/block_cache.h) align to kBlockAlign");

 public:
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  static constexpr size_type inline_capacity = N;

  SmallVector() noexcept {}
  explicit SmallVector(size_type n) { resize(n); }
  SmallVector(size_type n, const T& value) { assign(n, value); }
  template <std::input_iterator It>
  SmallVector(It first, It last) { assign(first, last); }
  SmallVector(std::initializer_list<T> init) { assign(init.begin(), init.end()); }
  SmallVector(const SmallVector& other) { assign(other.begin(), other.end()); }
  SmallVector(SmallVector&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
    take(std::move(other));
  }
  ~SmallVector() {
    clear();
    release();
  }

  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this == &other) return *this;
    if (other.on_heap()) {  // steal the block
      clear();
      release();
      take(std::move(other));
    } else {  // element by element into what this one has
      assign(std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
      other.clear();
    }
    return *this;
  }
  SmallVector& operator=(std::initializer_list<T> init) {
    assign(init.begin(), init.end());
    return *this;
  }

  template <std::input_iterator It>
  void assign(It first, It last) {
    if constexpr (std::forward_iterator<It>) {
      const auto n = static_cast<size_type>(std::distance(first, last));
      if (n > capacity()) {
        clear();
        grow_to(n);
      }
      if constexpr (std::is_trivially_copyable_v<T> && std::contiguous_iterator<It> &&
                    std::is_same_v<std::remove_cv_t<std::iter_value_t<It>>, T>) {
        // Bytes (a descriptor, an ACE's data): one copy, not one assignment each.
        if (n) std::memmove(data_, std::to_address(first), n * sizeof(T));
        size_ = n;
        return;
      }
      // Assign over the elements there are, construct the rest, destroy what is left over.
      size_type i = 0;
      for (; i < size_ && first != last; ++i, ++first) data_[i] = *first;
      for (; first != last; ++first) std::construct_at(data_ + size_++, *first);
      shrink_to(n);
    } else {
      clear();
      for (; first != last; ++first) emplace_back(*first);
    }
  }
  void assign(size_type n, const T& value) {
    if (n > capacity()) {
      clear();
      grow_to(n);
    }
    const size_type common = std::min(n, size_);
    std::fill(data_, data_ + common, value);
    while (size_ < n) std::construct_at(data_ + size_++, value);
    shrink_to(n);
  }
  void assign(std::initializer_list<T> init) { assign(init.begin(), init.end()); }

  iterator begin() noexcept { return data_; }
  const_iterator begin() const noexcept { return data_; }
  const_iterator cbegin() const noexcept { return data_; }
  iterator end() noexcept { return data_ + size_; }
  const_iterator end() const noexcept { return data_ + size_; }
  const_iterator cend() const noexcept { return data_ + size_; }
  reverse_iterator rbegin() noexcept { return reverse_iterator(end()); }
  const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
  reverse_iterator rend() noexcept { return reverse_iterator(begin()); }
  const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }

  size_type size() const noexcept { return size_; }
  size_type capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }

  T& operator[](size_type i) { return data_[i]; }
  const T& operator[](size_type i) const { return data_[i]; }
  T& at(size_type i) {
    if (i >= size_) throw std::out_of_range("SmallVector::at");
    return data_[i];
  }
  const T& at(size_type i) const {
    if (i >= size_) throw std::out_of_range("SmallVector::at");
    return data_[i];
  }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void reserve(size_type n) {
    if (n > capacity()) grow_to(n);
  }
  void clear() noexcept { shrink_to(0); }
  void resize(size_type n) {
    reserve(n);
    while (size_ < n) std::construct_at(data_ + size_++);
    shrink_to(n);
  }
  void resize(size_type n, const T& value) {
    if (n > size_ && n > capacity()) {
      T copy = value;  // `value` may be one of ours
      grow_to(std::max(n, 2 * capacity()));
      while (size_ < n) std::construct_at(data_ + size_++, copy);
    }
    while (size_ < n) std::construct_at(data_ + size_++, value);
    shrink_to(n);
  }

  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (size_ < capacity()) return *std::construct_at(data_ + size_++, std::forward<Args>(args)...);
    // Full: build the new element in the new block first, as `args` may name one of ours.
    size_type grown = 2 * capacity();
    T* block = allocate(grown);
    std::construct_at(block + size_, std::forward<Args>(args)...);
    move_into(block, grown);
    return data_[size_++];
  }
  void pop_back() { shrink_to(size_ - 1); }

  iterator insert(const_iterator pos, const T& value) { return emplace(pos, value); }
  iterator insert(const_iterator pos, T&& value) { return emplace(pos, std::move(value)); }
  template <std::input_iterator It>
  iterator insert(const_iterator pos, It first, It last) {
    const auto at = pos - begin();
    const size_type before = size_;
    for (; first != last; ++first) emplace_back(*first);
    std::rotate(begin() + at, begin() + before, end());
    return begin() + at;
  }
  template <typename... Args>
  iterator emplace(const_iterator pos, Args&&... args) {
    const auto at = pos - begin();
    emplace_back(std::forward<Args>(args)...);
    std::rotate(begin() + at, end() - 1, end());
    return begin() + at;
  }
  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
  iterator erase(const_iterator first, const_iterator last) {
    const auto at = first - begin();
    if (first == last) return begin() + at;  // moving the tail onto itself would empty it
    iterator to = begin() + at;
    iterator tail = std::move(begin() + (last - begin()), end(), to);
    shrink_to(static_cast<size_type>(tail - begin()));
    return begin() + at;
  }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend auto operator<=>(const SmallVector& a, const SmallVector& b)
    requires std::three_way_comparable<T>
  {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  bool on_heap() const noexcept { return data_ != inline_data(); }
  T* inline_data() noexcept { return std::launder(reinterpret_cast<T*>(inline_)); }
  const T* inline_data() const noexcept { return std::launder(reinterpret_cast<const T*>(inline_)); }

  // A heap block for at least n elements; n becomes how many it holds.
  static T* allocate(size_type& n) {
    std::size_t bytes = n * sizeof(T);
    void* block = detail::take_block(bytes);
    n = bytes / sizeof(T);
    return static_cast<T*>(block);
  }
  void release() noexcept {
    if (on_heap()) detail::give_block(data_, capacity_ * sizeof(T));
    data_ = inline_data();
    capacity_ = N;
  }
  // Moves the elements into `block` of `n`, which becomes the storage.
  void move_into(T* block, size_type n) {
    std::uninitialized_move(data_, data_ + size_, block);
    std::destroy(data_, data_ + size_);
    release();
    data_ = block;
    capacity_ = n;
  }
  void grow_to(size_type n) {
    T* block = allocate(n);
    move_into(block, n);
  }
  void shrink_to(size_type n) noexcept {
    if (n >= size_) return;
    std::destroy(data_ + n, data_ + size_);
    size_ = n;
  }
  // Takes `other`'s elements, this one being empty and inline.
  void take(SmallVector&& other) {
    if (other.on_heap()) {
      data_ = other.data_;
      capacity_ = other.capacity_;
      size_ = other.size_;
      other.data_ = other.inline_data();
      other.capacity_ = N;
      other.size_ = 0;
    } else {
      std::uninitialized_move(other.begin(), other.end(), data_);
      size_ = other.size_;
      other.clear();
    }
  }

  alignas(T) unsigned char inline_[N * sizeof(T)];
  T* data_ = inline_data();
  size_type size_ = 0;
  size_type capacity_ = N;
};

}  // namespace model
