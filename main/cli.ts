console.log('main/cli.ts')
