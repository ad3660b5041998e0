// IATA airport codes that CDN POP headers use, with the city each POP is known by: a small data table.
// Codes not listed still reach the report (city null); add a row rather than guessing in code.

export const IATA_CITY: Readonly<Record<string, string>> = {
  // India and South Asia
  BOM: 'Mumbai', DEL: 'New Delhi', MAA: 'Chennai', BLR: 'Bengaluru', HYD: 'Hyderabad', CCU: 'Kolkata',
  CMB: 'Colombo', DAC: 'Dhaka', KHI: 'Karachi', KTM: 'Kathmandu',
  // East and Southeast Asia, Oceania
  SIN: 'Singapore', QPG: 'Singapore', HKG: 'Hong Kong', NRT: 'Tokyo', HND: 'Tokyo', KIX: 'Osaka', ICN: 'Seoul',
  TPE: 'Taipei', KUL: 'Kuala Lumpur', BKK: 'Bangkok', CGK: 'Jakarta', MNL: 'Manila', SGN: 'Ho Chi Minh City',
  HAN: 'Hanoi', PEK: 'Beijing', PVG: 'Shanghai', CAN: 'Guangzhou', SYD: 'Sydney', MEL: 'Melbourne',
  BNE: 'Brisbane', PER: 'Perth', AKL: 'Auckland',
  // Europe
  LHR: 'London', LCY: 'London', LON: 'London', MAN: 'Manchester', DUB: 'Dublin', AMS: 'Amsterdam', FRA: 'Frankfurt',
  MUC: 'Munich', HAM: 'Hamburg', DUS: 'Düsseldorf', BER: 'Berlin', TXL: 'Berlin', CDG: 'Paris', MRS: 'Marseille',
  MAD: 'Madrid', BCN: 'Barcelona', LIS: 'Lisbon', MXP: 'Milan', FCO: 'Rome', ZRH: 'Zurich', VIE: 'Vienna',
  BRU: 'Brussels', CPH: 'Copenhagen', ARN: 'Stockholm', BMA: 'Stockholm', OSL: 'Oslo', HEL: 'Helsinki',
  WAW: 'Warsaw', PRG: 'Prague', BUD: 'Budapest', OTP: 'Bucharest', SOF: 'Sofia', ATH: 'Athens', IST: 'Istanbul',
  KBP: 'Kyiv', RIX: 'Riga', TLL: 'Tallinn', VNO: 'Vilnius',
  // Middle East and Africa
  DXB: 'Dubai', FJR: 'Fujairah', DOH: 'Doha', BAH: 'Manama', TLV: 'Tel Aviv', CAI: 'Cairo', JNB: 'Johannesburg',
  CPT: 'Cape Town', LOS: 'Lagos', NBO: 'Nairobi',
  // North America
  IAD: 'Ashburn', DCA: 'Washington', BWI: 'Baltimore', JFK: 'New York', LGA: 'New York', EWR: 'Newark',
  BOS: 'Boston', PHL: 'Philadelphia', ATL: 'Atlanta', MIA: 'Miami', ORD: 'Chicago', CLE: 'Cleveland',
  DFW: 'Dallas', IAH: 'Houston', DEN: 'Denver', PHX: 'Phoenix', LAX: 'Los Angeles', HHR: 'Los Angeles',
  SJC: 'San Jose', SFO: 'San Francisco', SEA: 'Seattle', PDX: 'Portland', MSP: 'Minneapolis', SLC: 'Salt Lake City',
  YYZ: 'Toronto', YUL: 'Montreal', YVR: 'Vancouver', MEX: 'Mexico City', QRO: 'Querétaro',
  // South America
  GRU: 'São Paulo', GIG: 'Rio de Janeiro', EZE: 'Buenos Aires', SCL: 'Santiago', BOG: 'Bogotá', LIM: 'Lima',
};

/** City name (lower case, letters only) → code, for providers that name the city instead of a code (CDN77). */
export const CITY_IATA: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [code, city] of Object.entries(IATA_CITY)) {
    const key = city.normalize('NFD').replace(/[^a-z]/gi, '').toLowerCase();
    if (!map.has(key)) map.set(key, code);
  }
  return map;
})();
