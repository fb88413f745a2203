#ifndef LOYALNEST_CCURL_SHIM_H
#define LOYALNEST_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt/getinfo are variadic macros-with-types; Swift cannot call C variadics, so wrap each
// argument type once.
static inline CURLcode ln_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ln_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ln_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ln_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ln_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ln_curl_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline curl_version_info_data *ln_curl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }
#endif
