print("loyalnest")
