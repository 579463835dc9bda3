/**
 * ts-jest AST transformer: the @nestjs/swagger CLI plugin with the options `nest build` uses (nest-cli.json),
 * so the OpenAPI document the tests read is the one the built app serves.
 */
const { before } = require('@nestjs/swagger/plugin');
const { compilerOptions } = require('../../nest-cli.json');

const { options } = compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler) => before(options, compiler.program),
};
