// tests/sd_properties_test.cc — RapidCheck properties of the model/sd binary codec.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness/gen/sd_gen.h"
#include "model/sd/codec.h"

namespace {

RC_GTEST_PROP(SdProperties, DecodeOfEncodeIsIdentity, (const model::SecurityDescriptor& sd)) {
  auto bytes = model::encode(sd);
  RC_ASSERT(bytes.size() == model::encoded_size(sd));
  auto back = model::decode(bytes);
  RC_ASSERT(back.ok());
  RC_ASSERT(back.value() == sd);
}

// decode_into over a descriptor already there (its storage reused) decodes as into a new one:
// the same value, or the same error.
RC_GTEST_PROP(SdProperties, DecodeIntoAnotherIsADecodeAfresh,
              (const model::SecurityDescriptor& there, const model::SecurityDescriptor& sd)) {
  auto bytes = model::encode(sd);
  if (!bytes.empty() && *rc::gen::arbitrary<bool>())  // now and then bytes it refuses
    bytes[*rc::gen::inRange<std::size_t>(0, bytes.size())] = *rc::gen::arbitrary<std::uint8_t>();
  model::SecurityDescriptor kept = there;
  auto error = model::decode_into(bytes, kept);
  auto fresh = model::decode(bytes);
  RC_ASSERT(error.has_value() == !fresh.ok());
  if (error) RC_ASSERT(*error == fresh.error());
  else RC_ASSERT(kept == fresh.value());
}

// Whatever the decoder accepts re-encodes to a descriptor it accepts again, equal to the first.
void check_accepted_bytes_are_stable(const std::vector<std::uint8_t>& bytes) {
  auto sd = model::decode(bytes);
  if (!sd) {
    RC_ASSERT(!sd.error().rule.empty());
    RC_ASSERT(sd.error().offset < std::max<std::size_t>(bytes.size(), 1));
    return;
  }
  auto again = model::decode(model::encode(*sd));
  RC_ASSERT(again.ok());
  RC_ASSERT(again.value() == sd.value());
}

RC_GTEST_PROP(SdProperties, DecodeOfRandomBytesIsTotal, (const std::vector<std::uint8_t>& bytes)) {
  check_accepted_bytes_are_stable(bytes);
}

RC_GTEST_PROP(SdProperties, DecodeOfMutatedEncodingIsTotal, (const model::SecurityDescriptor& sd)) {
  auto bytes = model::encode(sd);
  auto flips = *rc::gen::inRange<int>(1, 4);
  for (int i = 0; i < flips; ++i) {
    auto at = *rc::gen::inRange<std::size_t>(0, bytes.size());
    bytes[at] = *rc::gen::arbitrary<std::uint8_t>();
  }
  if (*rc::gen::arbitrary<bool>()) bytes.resize(*rc::gen::inRange<std::size_t>(0, bytes.size() + 1));
  check_accepted_bytes_are_stable(bytes);
}

}  // namespace
