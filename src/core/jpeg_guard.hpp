// A check of JPEG files that stb_image 2.27 (Debian 12's libstb-dev) would mishandle, run
// before stb_image sees them (image.cpp); stb_image itself is used as shipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "result.hpp"

namespace tide::core {

/// stb_image 2.27 builds each Huffman table of a JPEG (a DHT segment) with as many codes as
/// its 16 counts add up to, into arrays of 256 (+1) entries, without checking the sum: a table
/// of more than 256 codes writes past them (found by tests/fuzz/fuzz_image.cpp; later
/// stb_image releases refuse it). A valid JPEG never has more than 256 codes in a table.
///
/// It also decodes a scan with the Huffman tables its header names whether or not a DHT
/// defined them, reading memory it never initialised (valgrind, on a corrupt progressive JPEG
/// from tests/fuzz/fuzz_image.cpp): such a file could decode differently from run to run.
///
/// Walks the file the way stb_image's JPEG reader does (the same markers, the same segment
/// lengths, garbage skipped between header segments, entropy-coded data up to its first marker
/// other than a restart marker) and fails, with a message, if a DHT it would process holds more
/// than 256 codes ("the image data is corrupt (a JPEG Huffman table of 287 codes; a table has
/// at most 256)"), or if a scan would decode with a table no earlier DHT defined ("the image
/// data is corrupt (a JPEG scan uses AC Huffman table 0, which the file does not define before
/// it)"). Which tables a scan decodes with: in a sequential frame (SOF0, SOF1) the DC and AC
/// tables of each of its components; in a progressive one (SOF2) the DC tables in a DC scan's
/// first pass (Ss = 0, Ah = 0), none in a DC refinement (Ss = 0, Ah > 0), the AC tables in
/// every AC scan (Ss > 0). In a progressive frame stb_image also leaves the coefficients
/// uninitialised until a component's DC first scan: any other scan of a component before that
/// is refused ("... (a progressive JPEG scans component 1 before its first DC scan)"), and so
/// is an image ending (EOI) with a component that never had one. Succeeds otherwise (also for files that are not JPEGs
/// to stb_image, and for corrupt ones it would refuse by itself before reaching such a table or scan).
Status check_jpeg_huffman(const std::uint8_t* bytes, std::size_t size);

}  // namespace tide::core
