//===- Memory.cpp - Device memory of the simulator ------------------------===//

#include "sim/Memory.h"

#include "absl/strings/str_format.h"

#include <algorithm>

namespace npu::sim {

const char *spaceName(Space s) {
  switch (s) {
  case Space::HBM:
    return "hbm";
  case Space::SRAM:
    return "sram";
  }
  return "invalid";
}

DeviceMemory::DeviceMemory(uint64_t hbmCapacity, uint64_t sramBytes)
    : hbmCapacity_(hbmCapacity), sram_(sramBytes, 0) {}

namespace {
/// `bytes` rounded up to whole kHbmAlign pages; an empty allocation still
/// takes one page so that every allocation has its own address. Fails (0)
/// on overflow.
uint64_t pagesFor(uint64_t bytes) {
  uint64_t b = std::max<uint64_t>(bytes, 1);
  if (b > UINT64_MAX - (DeviceMemory::kHbmAlign - 1))
    return 0;
  return (b + DeviceMemory::kHbmAlign - 1) / DeviceMemory::kHbmAlign *
         DeviceMemory::kHbmAlign;
}

std::string rangeText(Space space, uint64_t addr, uint64_t bytes) {
  // An end past 2^64 is printed as such rather than wrapped.
  if (bytes > UINT64_MAX - addr)
    return absl::StrFormat("%s [0x%x, 0x%x + 0x%x)", spaceName(space), addr,
                           addr, bytes);
  return absl::StrFormat("%s [0x%x, 0x%x)", spaceName(space), addr,
                         addr + bytes);
}
} // namespace

absl::StatusOr<uint64_t> DeviceMemory::allocate(uint64_t bytes) {
  uint64_t reserved = pagesFor(bytes);
  if (reserved == 0 || reserved > hbmCapacity_ - hbmUsed_)
    return absl::ResourceExhaustedError(
        absl::StrFormat("hbm: cannot allocate %d bytes: %d of %d bytes in use",
                        bytes, hbmUsed_, hbmCapacity_));
  if (reserved > UINT64_MAX - nextAddress_)
    return absl::ResourceExhaustedError("hbm: device address space exhausted");
  // Addresses are never reused, so a stale pointer to freed memory faults
  // instead of silently reading a newer allocation.
  uint64_t base = nextAddress_;
  nextAddress_ += reserved;
  hbmUsed_ += reserved;
  hbm_.emplace(base, std::vector<uint8_t>(bytes, 0));
  return base;
}

absl::Status DeviceMemory::free(uint64_t address) {
  auto it = hbm_.find(address);
  if (it == hbm_.end())
    return absl::InvalidArgumentError(absl::StrFormat(
        "hbm: 0x%x is not the address of a live allocation", address));
  hbmUsed_ -= pagesFor(it->second.size());
  hbm_.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<uint8_t *> DeviceMemory::span(Space space, uint64_t addr,
                                             uint64_t bytes) {
  if (space == Space::SRAM) {
    if (addr > sram_.size() || bytes > sram_.size() - addr)
      return absl::OutOfRangeError(
          absl::StrFormat("%s is outside the 0x%x bytes of sram",
                          rangeText(space, addr, bytes), sram_.size()));
    return sram_.data() + addr;
  }
  if (space != Space::HBM)
    return absl::InvalidArgumentError(
        absl::StrFormat("invalid memory space %d", static_cast<int>(space)));
  // The allocation with the greatest base <= addr is the only candidate.
  auto it = hbm_.upper_bound(addr);
  if (it != hbm_.begin()) {
    --it;
    uint64_t offset = addr - it->first;
    std::vector<uint8_t> &region = it->second;
    if (offset <= region.size() && bytes <= region.size() - offset)
      return region.data() + offset;
    if (offset < region.size())
      return absl::OutOfRangeError(
          absl::StrFormat("%s runs past the end of the allocation %s",
                          rangeText(space, addr, bytes),
                          rangeText(space, it->first, region.size())));
  }
  return absl::OutOfRangeError(absl::StrFormat(
      "%s is outside every hbm allocation", rangeText(space, addr, bytes)));
}

void DeviceMemory::resetSram(uint64_t bytes) {
  // assign() reuses the storage when the size is unchanged.
  sram_.assign(bytes, 0);
  sramHighWater_ = 0;
}

void DeviceMemory::noteSramWrite(uint64_t addr, uint64_t bytes) {
  if (bytes == 0)
    return;
  uint64_t end = bytes > UINT64_MAX - addr ? UINT64_MAX : addr + bytes;
  sramHighWater_ = std::max(sramHighWater_, end);
}

} // namespace npu::sim
