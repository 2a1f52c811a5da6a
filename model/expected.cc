// model/expected.cc — printing of model::Error.
#include "model/expected.h"

namespace model {

std::ostream& operator<<(std::ostream& os, const Error& e) {
  return os << e.rule << " (at " << e.offset << ")";
}

}  // namespace model
