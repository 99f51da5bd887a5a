// Styles do not matter to component tests.
module.exports = {};
