#ifndef LOYALNEST_CICU_SHIM_H
#define LOYALNEST_CICU_SHIM_H
// ICU renames its entry points per version (ubidi_open → ubidi_open_72) through macros Swift cannot import;
// these wrappers give Swift stable names. Filled in by the bidi work.
#include <unicode/ubidi.h>
#endif
